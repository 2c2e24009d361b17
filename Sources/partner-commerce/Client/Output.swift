import ArgumentParser
import Foundation
import PartnerCenterModels

/// Prints a command's answer in the format asked for.
struct Output {
    let format: OutputFormat

    /// `value` as JSON, its `ids` one a line, or the `table` text.
    func show(_ value: some Encodable, ids: [String], table: () -> String) throws {
        switch format {
        case .json:
            let encoder = PartnerCenterJSON.makeEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(value), as: UTF8.self))
        case .id:
            for id in ids { print(id) }
        case .table:
            print(table())
        case .csv:
            throw ValidationError("--output csv is for `invoices lines`; use table, json or id here.")
        }
    }
}

/// Plain-text tables: a header row and left-aligned columns two spaces apart.
enum TextTable {
    static func render(_ header: [String], _ rows: [[String]]) -> String {
        guard !rows.isEmpty else { return "(none)" }
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        let line = { (cells: [String]) in
            cells.enumerated().map { index, cell in
                // A row wider than the header is printed, not trapped on: its extra cells go unpadded.
                index == cells.count - 1 || index >= widths.count ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingTrailingSpaces
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    /// `name: value` lines, values aligned.
    static func fields(_ pairs: [(String, String?)]) -> String {
        let shown = pairs.compactMap { name, value in value.map { (name, $0) } }
        let width = shown.map(\.0.count).max() ?? 0
        return shown.map { "\($0.0.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.1)" }.joined(separator: "\n")
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}

/// The human views of the resources the commands print.
enum Views {
    static func customers(_ customers: [Customer]) -> String {
        TextTable.render(
            ["ID", "DOMAIN", "COMPANY", "COUNTRY"],
            customers.map {
                [
                    $0.id ?? "", $0.companyProfile?.domain ?? "", $0.companyProfile?.companyName ?? $0.billingProfile?.companyName ?? "",
                    $0.billingProfile?.defaultAddress?.country ?? "",
                ]
            }
        )
    }

    static func cart(_ cart: Cart) -> String {
        let header = TextTable.fields([
            ("Cart", cart.id), ("Status", cart.status?.wireValue), ("Expires", cart.expirationTimestamp.map(WireDate.format)),
        ])
        let lines = TextTable.render(
            ["LINE", "CATALOG ITEM", "QTY", "BILLING", "TERM", "GROUP", "ERROR"],
            cart.lineItems.map {
                [
                    $0.id.map(String.init) ?? "", $0.catalogItemId ?? "", $0.quantity.map(String.init) ?? "", $0.billingCycle?.wireValue ?? "",
                    $0.termDuration ?? "", $0.orderGroup ?? "", $0.error.map { "\($0.errorCode.rawValue) \($0.errorDescription)" } ?? "",
                ]
            }
        )
        return header + "\n\n" + lines
    }

    static func orders(_ orders: [Order]) -> String {
        TextTable.render(
            ["ORDER", "BILLING", "STATUS", "CREATED", "LINES"],
            orders.map {
                [
                    $0.id ?? "", $0.billingCycle?.wireValue ?? "", $0.status?.wireValue ?? "", $0.creationDate.map(WireDate.format) ?? "",
                    String($0.lineItems.count),
                ]
            }
        )
    }

    static func order(_ order: Order) -> String {
        orders([order]) + "\n\n"
            + TextTable.render(
                ["LINE", "OFFER", "QTY", "TERM", "SUBSCRIPTION", "NAME"],
                order.lineItems.map {
                    [
                        String($0.lineItemNumber), $0.offerId ?? "", $0.quantity.map(String.init) ?? "", $0.termDuration ?? "",
                        $0.subscriptionId ?? "",
                        $0.friendlyName ?? "",
                    ]
                }
            )
    }

    /// The orders placed, then what each holds (offer and quantity a line, as the docs' answer lists them), so a
    /// reader sees which offer went into which order without `--output json`.
    static func checkout(_ result: CartCheckoutResult) -> String {
        var text = orders(result.orders)
        let lines = result.orders.flatMap { order in
            order.lineItems.map {
                [
                    order.id ?? "", String($0.lineItemNumber), $0.offerId ?? "", $0.quantity.map(String.init) ?? "", $0.termDuration ?? "",
                    $0.friendlyName ?? "",
                ]
            }
        }
        if !lines.isEmpty {
            text += "\n\n" + TextTable.render(["ORDER", "LINE", "OFFER", "QTY", "TERM", "NAME"], lines)
        }
        if !result.orderErrors.isEmpty {
            text += "\n\nORDER ERRORS (these groups were not bought)\n"
            text += TextTable.render(
                ["GROUP", "CODE", "DESCRIPTION"], result.orderErrors.map { [$0.orderGroupId, String($0.code), $0.description] })
        }
        return text
    }

    static func subscriptions(_ subscriptions: [Subscription]) -> String {
        TextTable.render(
            ["SUBSCRIPTION", "OFFER", "QTY", "STATUS", "TERM", "ORDER", "NAME"],
            subscriptions.map {
                [
                    $0.id, $0.offerId ?? "", $0.quantity.map(String.init) ?? "", $0.status?.wireValue ?? "", $0.termDuration ?? "",
                    $0.orderId ?? "", $0.friendlyName ?? "",
                ]
            }
        )
    }

    static func provisioning(_ statuses: [OrderLineItemProvisioningStatus]) -> String {
        TextTable.render(
            ["LINE", "STATUS", "QUANTITIES"],
            statuses.map {
                [
                    String($0.lineItemNumber), $0.status,
                    $0.quantityProvisioningInformation.map { "\($0.quantity) \($0.status)" }.joined(separator: ", "),
                ]
            }
        )
    }
}

import ArgumentParser
import Foundation
import PartnerCenterClient
import PartnerCenterModels

/// `partner-commerce invoices list|get|lines|statement`: the partner's invoices and their reconciliation lines, or
/// the lines not yet invoiced, as a table, JSON, or the CSV file partners load into spreadsheets.
struct InvoicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoices", abstract: "Read invoices, their statements and reconciliation lines.",
        subcommands: [List.self, Get.self, Lines.self, Statement.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the partner's invoices, newest first (PowerShell: Get-PartnerInvoice).")
        @OptionGroup var client: ClientOptions
        @Option(help: #"The SDK's filter on InvoiceDate, e.g. {"Field":"InvoiceDate","Value":"2026-01-01","Operator":"greater_than_or_equals"}."#)
        var filter: String?

        func run() async throws {
            try await ClientSession.run(client) { session in
                var invoices: [Invoice] = []
                if let filter {
                    invoices = try await session.client.invoices.get(filter: filter).items
                } else {
                    for try await invoice in session.client.invoices.all() { invoices.append(invoice) }
                }
                try Output(format: client.output).show(invoices, ids: invoices.map(\.id)) { InvoicesCommand.table(invoices) }
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one invoice (PowerShell: Get-PartnerInvoice -InvoiceId).")
        @OptionGroup var client: ClientOptions
        @Option(help: "The invoice's id, e.g. G000024135.") var invoiceID: String

        func run() async throws {
            try await ClientSession.run(client) { session in
                let invoice = try await session.client.invoices.byID(invoiceID).get()
                try Output(format: client.output).show(invoice, ids: [invoice.id]) { InvoicesCommand.table([invoice]) }
            }
        }
    }

    struct Lines: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "An invoice's reconciliation lines, or with --unbilled those not yet invoiced (PowerShell: Get-PartnerInvoiceLineItem).",
            discussion: "--output csv writes the recon file: a header row, then a row a line, fields in the order Partner Center's docs list them.")
        @OptionGroup var client: ClientOptions
        @Option(help: "The invoice's id, e.g. G000024135.") var invoiceID: String?
        @Flag(help: "The lines not yet on an invoice.") var unbilled = false
        @Option(help: "With --unbilled: current (this month) or previous (last month, until it is invoiced).") var period: String = "current"
        @Option(help: "With --unbilled: the currency of the lines.") var currency: String = "USD"
        @Option(help: "OneTime, the only provider served (accepted for the cmdlet's sake).") var provider: String = "OneTime"
        @Option(help: "BillingLineItems, the only type served (accepted for the cmdlet's sake).") var lineItemType: String = "BillingLineItems"

        func validate() throws {
            guard unbilled != (invoiceID != nil) else { throw ValidationError("Give --invoice-id or --unbilled, not both.") }
            guard ["current", "previous"].contains(period.lowercased()) else { throw ValidationError("--period must be current or previous.") }
            guard provider.lowercased() == "onetime", lineItemType.lowercased() == "billinglineitems" else {
                throw ValidationError("Only --provider OneTime and --line-item-type BillingLineItems are served.")
            }
        }

        func run() async throws {
            try await ClientSession.run(client) { session in
                let pages =
                    unbilled
                    ? session.client.invoices.unbilledLineItems(currency: currency, period: period.lowercased())
                    : session.client.invoices.byID(invoiceID ?? "").lineItems.all()
                var lines: [OneTimeInvoiceLineItem] = []
                for try await line in pages { lines.append(line) }
                if client.output == .csv {
                    print(try ReconCSV.render(lines), terminator: "")
                    return
                }
                try Output(format: client.output).show(lines, ids: lines.map(\.referenceId)) {
                    TextTable.render(
                        ["CHARGE", "SUBSCRIPTION", "PRODUCT", "QTY", "FROM", "TO", "SUBTOTAL", "TAX", "TOTAL", "CURRENCY"],
                        lines.map {
                            [
                                $0.chargeType, $0.subscriptionId, $0.productName, $0.quantity, String($0.chargeStartDate.prefix(10)),
                                String($0.chargeEndDate.prefix(10)), $0.subtotal, $0.taxTotal, $0.totalForCustomer, $0.currency,
                            ]
                        })
                }
            }
        }
    }

    struct Statement: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Save an invoice's statement PDF.")
        @OptionGroup var client: ClientOptions
        @Option(help: "The invoice's id, e.g. G000024135.") var invoiceID: String
        @Option(help: "Where to write it; Invoice_{id}.pdf by default.") var file: String?

        func run() async throws {
            try await ClientSession.run(client) { session in
                let pdf = try await session.client.invoices.byID(invoiceID).statement()
                let path = file ?? "Invoice_\(invoiceID).pdf"
                try pdf.write(to: URL(fileURLWithPath: path))
                print(path)
            }
        }
    }

    static func table(_ invoices: [Invoice]) -> String {
        TextTable.render(
            ["ID", "DATE", "PERIOD", "TOTAL", "CURRENCY"],
            invoices.map {
                [
                    $0.id, String($0.invoiceDate.prefix(10)), String($0.billingPeriodStartDate.prefix(7)), "\($0.totalCharges)", $0.currencyCode,
                ]
            })
    }
}

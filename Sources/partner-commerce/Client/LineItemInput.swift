import ArgumentParser
import Foundation
import PartnerCenterModels

/// One line item described by flags, or many from JSON: every field of the API's `CartLineItem` can be given,
/// and a field this tool does not know is refused rather than dropped (the PowerShell module's worst fault,
/// clients-and-user-needs P3).
struct LineItemOptions: ParsableArguments {
    @Option(help: "The catalog item to buy: productId:skuId:availabilityId, or a legacy offer id.") var catalogItemId: String?
    @Option(help: "How many.") var quantity: Int?
    @Option(help: "monthly, annual, triennial, one_time, none, …") var billingCycle: String?
    @Option(help: "The term, as ISO 8601: P1M, P1Y, P3Y.") var termDuration: String?
    @Option(help: "The line's name.") var friendlyName: String?
    @Option(help: "ISO 4217 currency code.") var currencyCode: String?
    @Option(help: "A provisioning context entry, key=value (repeatable), e.g. subscriptionId=… or scope=shared.") var provisioningContext: [String] =
        []
    @Option(help: "A participant, key=value (repeatable), e.g. transaction_reseller=5357564.") var participant: [String] = []
    @Option(help: "A promotion id.") var promotionId: String?
    @Option(help: "A custom term end date (ISO 8601).") var customTermEndDate: String?
    @Option(help: "true when the customer accepted the offer's attestation.") var attestationAccepted: Bool?
    @Option(help: "The term a trial renews into (renewsTo.termDuration).") var renewsTo: String?
    @Option(
        name: [.customLong("line-items")],
        help: "Line items as JSON: a file, - for stdin, or the JSON text itself (an object or an array of CartLineItem)."
    ) var lineItems: String?

    /// Whether any line item was described at all.
    var isEmpty: Bool { catalogItemId == nil && lineItems == nil }

    /// The line items described, JSON ones first.
    func items() throws -> [CartLineItem] {
        var items: [CartLineItem] = []
        if let lineItems { items += try LineItemJSON.read(lineItems) }
        if let catalogItemId {
            var item = CartLineItem(catalogItemId: catalogItemId, quantity: quantity ?? 1)
            item.billingCycle = billingCycle.map(BillingCycleType.init(wire:))
            item.termDuration = termDuration
            item.friendlyName = friendlyName
            item.currencyCode = currencyCode
            item.provisioningContext = try Self.pairs(provisioningContext, "--provisioning-context").map { Dictionary($0) { _, last in last } }
            item.participants = try Self.pairs(participant, "--participant")?.map { CartParticipant(key: ParticipantType(wire: $0.0), value: $0.1) }
            item.promotionId = promotionId
            if let customTermEndDate {
                guard let date = WireDate.parse(customTermEndDate) else {
                    throw ClientFailure.usage("--custom-term-end-date is not an ISO 8601 date.")
                }
                item.customTermEndDate = date
            }
            item.attestationAccepted = attestationAccepted
            item.renewsTo = renewsTo.map { RenewsTo(termDuration: $0) }
            items.append(item)
        } else if quantity != nil || billingCycle != nil || termDuration != nil || friendlyName != nil {
            throw ClientFailure.usage("--quantity, --billing-cycle, --term-duration and --friendly-name describe a line item: add --catalog-item-id.")
        }
        return items
    }

    static func pairs(_ list: [String], _ flag: String) throws -> [(String, String)]? {
        guard !list.isEmpty else { return nil }
        return try list.map { entry in
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw ClientFailure.usage("\(flag) takes key=value, not '\(entry)'.")
            }
            return (String(entry[..<equals]), String(entry[entry.index(after: equals)...]))
        }
    }
}

/// Line items from JSON text, a file or stdin, checked field by field.
enum LineItemJSON {
    /// The `CartLineItem` fields, as the API names them (any case accepted on input).
    static let knownFields: Set<String> = [
        "id", "catalogitemid", "friendlyname", "quantity", "currencycode", "billingcycle", "termduration", "participants", "provisioningcontext",
        "ordergroup", "addonitems", "renewsto", "error", "promotionid", "customtermenddate", "attestationaccepted", "purchasesystem",
    ]

    static func read(_ source: String) throws -> [CartLineItem] {
        let trimmed = source.trimmingCharacters(in: .whitespacesAndNewlines)
        let data: Data
        if trimmed.hasPrefix("[") || trimmed.hasPrefix("{") {
            data = Data(trimmed.utf8)
        } else if trimmed == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: source) else {
                throw ClientFailure.usage("cannot read line items from '\(source)'.")
            }
            data = contents
        }
        guard let parsed = try? JSONSerialization.jsonObject(with: data) else { throw ClientFailure.usage("the line items are not JSON.") }
        let objects: [Any] = (parsed as? [Any]) ?? [parsed]
        for (index, object) in objects.enumerated() {
            guard let fields = object as? [String: Any] else { throw ClientFailure.usage("line item \(index + 1) is not a JSON object.") }
            try check(fields, at: "line item \(index + 1)")
        }
        do {
            return try PartnerCenterJSON.makeDecoder().decode([CartLineItem].self, from: JSONSerialization.data(withJSONObject: objects))
        } catch {
            throw ClientFailure.usage("the line items do not read as CartLineItem: \(error)")
        }
    }

    /// Refuses a field that would otherwise be dropped on the way to the API, add-ons included.
    static func check(_ fields: [String: Any], at place: String) throws {
        for (name, value) in fields {
            guard knownFields.contains(name.lowercased()) else {
                throw ClientFailure.usage("\(place) has the field '\(name)', which CartLineItem does not have; it would not be sent.")
            }
            if name.lowercased() == "addonitems", let addons = value as? [[String: Any]] {
                for (index, addon) in addons.enumerated() { try check(addon, at: "\(place), add-on \(index + 1)") }
            }
        }
    }
}

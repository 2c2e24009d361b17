import Foundation
import PartnerCenterModels

/// What one seat (or one unit) costs for one term and billing cycle in one currency (billing spec §2): the list
/// `unitPrice` and the partner's `effectiveUnitPrice`, each for one charge cycle (a month when billed monthly, the
/// whole term when billed once).
///
/// Money is exact decimal from the file to the wire: the file writes it as strings ("14.4"), read into `Decimal`,
/// never through a binary floating-point number.
public struct CatalogPrice: Codable, Sendable, Equatable {
    /// `P1M`, `P1Y`, `P3Y`; absent for items without a term (legacy offers, software bought once).
    public var termDuration: String?
    /// The billing cycle's wire name (`monthly`, `annual`, `triennial`, `one_time`, `none`), any case.
    public var billingCycle: String
    /// ISO 4217 code, upper-case.
    public var currency: String
    public var unitPrice: Decimal
    public var effectiveUnitPrice: Decimal

    public init(termDuration: String?, billingCycle: String, currency: String, unitPrice: Decimal, effectiveUnitPrice: Decimal) {
        self.termDuration = termDuration
        self.billingCycle = billingCycle
        self.currency = currency
        self.unitPrice = unitPrice
        self.effectiveUnitPrice = effectiveUnitPrice
    }

    enum CodingKeys: String, CodingKey {
        case termDuration, billingCycle, currency, unitPrice, effectiveUnitPrice
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        termDuration = try container.decodeIfPresent(String.self, forKey: .termDuration)
        billingCycle = try container.decode(String.self, forKey: .billingCycle)
        currency = try container.decode(String.self, forKey: .currency)
        unitPrice = try Self.amount(container, .unitPrice)
        effectiveUnitPrice = try Self.amount(container, .effectiveUnitPrice)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(termDuration, forKey: .termDuration)
        try container.encode(billingCycle, forKey: .billingCycle)
        try container.encode(currency, forKey: .currency)
        try container.encode(unitPrice.description, forKey: .unitPrice)
        try container.encode(effectiveUnitPrice.description, forKey: .effectiveUnitPrice)
    }

    /// Whether this price is for `termDuration` billed `cycle` (terms compared without regard to case).
    public func applies(termDuration: String?, cycle: BillingCycleType) -> Bool {
        (self.termDuration ?? "").uppercased() == (termDuration ?? "").uppercased() && BillingCycleType(wire: billingCycle) == cycle
    }

    /// A money amount written as a string of digits with at most one `.`, read exactly.
    static func amount(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Decimal {
        guard let text = try? container.decode(String.self, forKey: key) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container, debugDescription: "prices are written as strings of digits (\"14.4\"), so they stay exact")
        }
        guard let amount = MoneyText.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "'\(text)' is not an amount such as 14.4")
        }
        return amount
    }
}

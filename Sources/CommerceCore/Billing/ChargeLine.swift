import Foundation

/// One reconciliation line as the charge rules work it out (``Charges``): what was charged, for which seats and days,
/// and how much. The store keeps it with the change that caused it; the recon routes dress it as a line item.
public struct ChargeLine: Codable, Equatable, Sendable {
    public var chargeType: ChargeType
    public var subscriptionId: String
    /// The seats the line is about: the purchase's, or the old or the new count of a quantity pair.
    public var quantity: Int
    public var unitPrice: Decimal
    public var effectiveUnitPrice: Decimal
    /// Negative for credits.
    public var subtotal: Decimal
    /// The days charged: from `chargeStart` through the day `chargeEnd` (inclusive, as recon files write it).
    public var chargeStart: Date
    public var chargeEnd: Date
    /// When the charge was made: the billing period it belongs to.
    public var chargedAt: Date

    public init(
        chargeType: ChargeType, subscriptionId: String, quantity: Int, unitPrice: Decimal, effectiveUnitPrice: Decimal, subtotal: Decimal,
        chargeStart: Date, chargeEnd: Date, chargedAt: Date
    ) {
        self.chargeType = chargeType
        self.subscriptionId = subscriptionId
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.effectiveUnitPrice = effectiveUnitPrice
        self.subtotal = subtotal
        self.chargeStart = chargeStart
        self.chargeEnd = chargeEnd
        self.chargedAt = chargedAt
    }
}

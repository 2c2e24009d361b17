import Foundation

/// A charge line as it is kept: the rules' line, and what its recon line item shows beside it, taken when the charge
/// was made (the item's names, the term), so a later catalog change does not rewrite a past charge.
public struct ChargeRecord: Codable, Sendable, Equatable {
    public var line: ChargeLine
    public var customerId: String
    public var orderId: String?
    public var orderDate: Date?
    public var currency: String
    public var item: ChargeItem
    /// The line's own id on the wire (`referenceId`): a GUID, made when it was charged.
    public var referenceId: String

    public init(
        line: ChargeLine, customerId: String, orderId: String?, orderDate: Date?, currency: String, item: ChargeItem, referenceId: String
    ) {
        self.referenceId = referenceId
        self.line = line
        self.customerId = customerId
        self.orderId = orderId
        self.orderDate = orderDate
        self.currency = currency
        self.item = item
    }
}

/// The bought item and term a charge is for.
public struct ChargeItem: Codable, Sendable, Equatable {
    public var productId = ""
    public var skuId = ""
    public var availabilityId = ""
    public var productName = ""
    public var skuName = ""
    public var publisherName = ""
    public var termDuration = ""
    public var billingCycle = ""
    public var subscriptionStart: Date?
    public var subscriptionEnd: Date?
    public var subscriptionDescription = ""

    public init() {}
}

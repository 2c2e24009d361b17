import Foundation

/// A subscription created by an order (spec §3.10).
public struct Subscription: Codable, Hashable, Sendable {
    public var id: String
    public var entitlementId: String?
    public var offerId: String?
    public var offerName: String?
    public var friendlyName: String?
    public var quantity: Int?
    public var unitType: String?
    public var parentSubscriptionId: String?
    public var creationDate: Date?
    public var effectiveStartDate: Date?
    public var commitmentEndDate: Date?
    public var cancellationAllowedUntilDate: Date?
    public var status: SubscriptionStatus?
    public var autoRenewEnabled: Bool?
    public var billingType: String?
    public var billingCycle: BillingCycleType?
    public var termDuration: String?
    public var renewalTermDuration: String?
    public var isTrial: Bool?
    public var isMicrosoftProduct: Bool?
    public var publisherName: String?
    public var partnerId: String?
    public var orderId: String?
    public var promotionId: String?
    public var links: SubscriptionLinks?
    public var attributes: ResourceAttributes?

    public init(id: String, offerId: String?, quantity: Int?) {
        self.id = id
        self.offerId = offerId
        self.quantity = quantity
        self.attributes = ResourceAttributes(objectType: "Subscription")
    }
}

/// A subscription's links; each present only when it applies.
public struct SubscriptionLinks: Codable, Hashable, Sendable {
    public var `self`: Link?
    public var offer: Link?
    public var product: Link?
    public var sku: Link?
    public var availability: Link?
    public var parentSubscription: Link?

    public init(self link: Link? = nil) { self.`self` = link }
}

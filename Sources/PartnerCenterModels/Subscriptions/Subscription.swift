import Foundation

/// A subscription created by an order (spec §3.10; after-checkout §1–3).
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
    public var billingCycleEndDate: Date?
    public var status: SubscriptionStatus?
    public var suspensionReasons: [String]?
    public var autoRenewEnabled: Bool?
    public var billingType: String?
    public var billingCycle: BillingCycleType?
    public var termDuration: String?
    public var renewalTermDuration: String?
    public var productType: ProductType?
    public var isTrial: Bool?
    public var isMicrosoftProduct: Bool?
    public var hasPurchasableAddons: Bool?
    public var publisherName: String?
    public var partnerId: String?
    public var orderId: String?
    public var promotionId: String?
    public var refundOptions: [SubscriptionRefundOption]?
    public var refundableQuantity: RefundableQuantity?
    public var scheduledNextTermInstructions: ScheduledNextTermInstructions?
    public var links: SubscriptionLinks?
    public var attributes: ResourceAttributes?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, entitlementId, offerId, offerName, friendlyName, quantity, unitType, parentSubscriptionId, creationDate, effectiveStartDate
        case commitmentEndDate, cancellationAllowedUntilDate, billingCycleEndDate, status, suspensionReasons, autoRenewEnabled, billingType
        case billingCycle, termDuration, renewalTermDuration, productType, isTrial, isMicrosoftProduct, hasPurchasableAddons, publisherName
        case partnerId, orderId, promotionId, refundOptions, refundableQuantity, scheduledNextTermInstructions, links, attributes
    }

    /// Decodes what a client sends: a PATCH body may leave out `id` (the path names the subscription).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id) ?? ""
        entitlementId = try container.decodeIfPresent(String.self, forKey: .entitlementId)
        offerId = try container.decodeIfPresent(String.self, forKey: .offerId)
        offerName = try container.decodeIfPresent(String.self, forKey: .offerName)
        friendlyName = try container.decodeIfPresent(String.self, forKey: .friendlyName)
        quantity = try container.decodeIfPresent(Int.self, forKey: .quantity)
        unitType = try container.decodeIfPresent(String.self, forKey: .unitType)
        parentSubscriptionId = try container.decodeIfPresent(String.self, forKey: .parentSubscriptionId)
        creationDate = try container.decodeIfPresent(Date.self, forKey: .creationDate)
        effectiveStartDate = try container.decodeIfPresent(Date.self, forKey: .effectiveStartDate)
        commitmentEndDate = try container.decodeIfPresent(Date.self, forKey: .commitmentEndDate)
        cancellationAllowedUntilDate = try container.decodeIfPresent(Date.self, forKey: .cancellationAllowedUntilDate)
        billingCycleEndDate = try container.decodeIfPresent(Date.self, forKey: .billingCycleEndDate)
        status = try container.decodeIfPresent(SubscriptionStatus.self, forKey: .status)
        suspensionReasons = try container.decodeIfPresent([String].self, forKey: .suspensionReasons)
        autoRenewEnabled = try container.decodeIfPresent(Bool.self, forKey: .autoRenewEnabled)
        billingType = try container.decodeIfPresent(String.self, forKey: .billingType)
        billingCycle = try container.decodeIfPresent(BillingCycleType.self, forKey: .billingCycle)
        termDuration = try container.decodeIfPresent(String.self, forKey: .termDuration)
        renewalTermDuration = try container.decodeIfPresent(String.self, forKey: .renewalTermDuration)
        productType = try container.decodeIfPresent(ProductType.self, forKey: .productType)
        isTrial = try container.decodeIfPresent(Bool.self, forKey: .isTrial)
        isMicrosoftProduct = try container.decodeIfPresent(Bool.self, forKey: .isMicrosoftProduct)
        hasPurchasableAddons = try container.decodeIfPresent(Bool.self, forKey: .hasPurchasableAddons)
        publisherName = try container.decodeIfPresent(String.self, forKey: .publisherName)
        partnerId = try container.decodeIfPresent(String.self, forKey: .partnerId)
        orderId = try container.decodeIfPresent(String.self, forKey: .orderId)
        promotionId = try container.decodeIfPresent(String.self, forKey: .promotionId)
        refundOptions = try container.decodeIfPresent([SubscriptionRefundOption].self, forKey: .refundOptions)
        refundableQuantity = try container.decodeIfPresent(RefundableQuantity.self, forKey: .refundableQuantity)
        scheduledNextTermInstructions = try container.decodeIfPresent(ScheduledNextTermInstructions.self, forKey: .scheduledNextTermInstructions)
        links = try container.decodeIfPresent(SubscriptionLinks.self, forKey: .links)
        attributes = try container.decodeIfPresent(ResourceAttributes.self, forKey: .attributes)
    }

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

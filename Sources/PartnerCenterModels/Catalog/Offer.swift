/// A legacy catalog offer: a GUID such as `91FD106F-…` or an Azure offer such as `MS-AZR-0145P` (spec §3.12).
public struct Offer: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    public var description: String?
    public var minimumQuantity: Int?
    public var maximumQuantity: Int?
    public var rank: Int?
    public var uri: String?
    public var locale: String?
    public var country: String?
    public var category: OfferCategory?
    public var prerequisiteOffers: [String]?
    public var isAddOn: Bool?
    public var hasAddOns: Bool?
    public var isAvailableForPurchase: Bool?
    public var billing: String?
    public var supportedBillingCycles: [BillingCycleType]?
    public var isAutoRenewable: Bool?
    public var isTrial: Bool?
    public var salesGroupId: String?
    public var unitType: String?
    public var product: OfferProduct?
    public var links: ResourceLinks?
    public var attributes: ResourceAttributes?

    public init(id: String, name: String) {
        self.id = id
        self.name = name
        self.attributes = ResourceAttributes(objectType: "Offer")
    }
}

/// The category a legacy offer is listed under.
public struct OfferCategory: Codable, Hashable, Sendable {
    public var id: String
    public var name: String?
    public var rank: Int?
    public var locale: String?
    public var country: String?
}

/// The product a legacy offer sells.
public struct OfferProduct: Codable, Hashable, Sendable {
    public var id: String?
    public var name: String?
    public var unit: String?
}

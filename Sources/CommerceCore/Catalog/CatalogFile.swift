import PartnerCenterModels

/// The JSON catalog format (ARCHITECTURE decision 8): products with their SKUs and availabilities, and legacy
/// offers. Market-specific fields (country, currency, links) are not stored; they are derived per request.
public struct CatalogFile: Codable, Sendable, Equatable {
    public var products: [CatalogProduct]
    public var offers: [CatalogOffer]
    /// The tax rate of each market (billing spec §4): an upper-case country code to a fraction written as decimal
    /// text (`"0.19"`), applied to the lines of that country's customers when their month is invoiced; 0 where none
    /// is given.
    public var taxRates: [String: String]?

    public init(products: [CatalogProduct], offers: [CatalogOffer], taxRates: [String: String]? = nil) {
        self.products = products
        self.offers = offers
        self.taxRates = taxRates
    }
}

/// A product as the catalog file holds it.
public struct CatalogProduct: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var description: String?
    public var productType: ProductType
    public var isMicrosoftProduct: Bool?
    public var publisherName: String?
    /// The `targetView` values this product is listed under (`Azure`, `AzureReservationsVM`, `OnlineServices`, …).
    public var targetViews: [String]
    public var skus: [CatalogSku]

    public init(
        id: String, title: String, description: String? = nil, productType: ProductType, isMicrosoftProduct: Bool? = nil,
        publisherName: String? = nil, targetViews: [String], skus: [CatalogSku]
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.productType = productType
        self.isMicrosoftProduct = isMicrosoftProduct
        self.publisherName = publisherName
        self.targetViews = targetViews
        self.skus = skus
    }
}

/// A SKU as the catalog file holds it.
public struct CatalogSku: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var description: String?
    public var minimumQuantity: Int
    public var maximumQuantity: Int
    public var isTrial: Bool?
    public var supportedBillingCycles: [BillingCycleType]
    public var purchasePrerequisites: [String]?
    public var inventoryVariables: [String]?
    public var provisioningVariables: [String]?
    public var dynamicAttributes: [String: JSONValue]?
    public var attestationProperties: AttestationProperties?
    public var consumptionType: String?
    public var availabilities: [CatalogAvailability]

    public init(
        id: String, title: String, description: String? = nil, minimumQuantity: Int, maximumQuantity: Int, isTrial: Bool? = nil,
        supportedBillingCycles: [BillingCycleType], provisioningVariables: [String]? = nil,
        attestationProperties: AttestationProperties? = nil, availabilities: [CatalogAvailability]
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.minimumQuantity = minimumQuantity
        self.maximumQuantity = maximumQuantity
        self.isTrial = isTrial
        self.supportedBillingCycles = supportedBillingCycles
        self.provisioningVariables = provisioningVariables
        self.attestationProperties = attestationProperties
        self.availabilities = availabilities
    }
}

/// An availability as the catalog file holds it; `countries` absent means every market.
public struct CatalogAvailability: Codable, Sendable, Equatable {
    public var id: String
    public var segment: String?
    public var countries: [String]?
    public var isPurchasable: Bool?
    public var isRenewable: Bool?
    public var terms: [Term]
    /// What it costs, per term, billing cycle and currency (never served in catalog answers, as on Partner Center).
    public var prices: [CatalogPrice]?

    public init(
        id: String, segment: String? = nil, countries: [String]? = nil, isPurchasable: Bool? = nil, isRenewable: Bool? = nil, terms: [Term],
        prices: [CatalogPrice]? = nil
    ) {
        self.id = id
        self.segment = segment
        self.countries = countries
        self.isPurchasable = isPurchasable
        self.isRenewable = isRenewable
        self.terms = terms
        self.prices = prices
    }
}

/// A legacy offer as the catalog file holds it; `countries` absent means every market.
public struct CatalogOffer: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String?
    public var minimumQuantity: Int
    public var maximumQuantity: Int
    public var rank: Int?
    public var category: OfferCategory?
    public var isAddOn: Bool?
    public var hasAddOns: Bool?
    public var prerequisiteOffers: [String]?
    public var billing: String?
    public var supportedBillingCycles: [BillingCycleType]
    public var isAutoRenewable: Bool?
    public var isTrial: Bool?
    public var salesGroupId: String?
    public var unitType: String?
    public var product: OfferProduct?
    public var countries: [String]?
    /// What it costs, per billing cycle and currency (no term).
    public var prices: [CatalogPrice]?
}

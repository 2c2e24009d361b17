/// Where and how a SKU can be bought; its `catalogItemId` is what goes into a cart (spec §3.12).
public struct Availability: Codable, Hashable, Sendable {
    public var id: String
    public var productId: String
    public var skuId: String
    public var catalogItemId: String
    public var defaultCurrency: Currency?
    public var segment: String?
    public var country: String?
    public var isPurchasable: Bool?
    public var isRenewable: Bool?
    public var terms: [Term]?
    public var links: AvailabilityLinks?
    public var attributes: ResourceAttributes?

    public init(id: String, productId: String, skuId: String) {
        self.id = id
        self.productId = productId
        self.skuId = skuId
        self.catalogItemId = "\(productId):\(skuId):\(id)"
        self.attributes = ResourceAttributes(objectType: "Availability")
    }
}

/// `{"code": "USD", "symbol": "$"}`.
public struct Currency: Codable, Hashable, Sendable {
    public var code: String
    public var symbol: String

    public init(code: String, symbol: String) {
        self.code = code
        self.symbol = symbol
    }
}

/// A commitment term an availability offers: duration and billing cycle (spec §3.12).
public struct Term: Codable, Hashable, Sendable {
    public var id: String?
    public var duration: String?
    public var description: String?
    public var billingCycle: String?
    public var cancellationPolicies: [CancellationPolicy]?

    public init(id: String? = nil, duration: String?, description: String?, billingCycle: String?) {
        self.id = id
        self.duration = duration
        self.description = description
        self.billingCycle = billingCycle
    }
}

/// How much is refunded when cancelled within a window.
public struct CancellationPolicy: Codable, Hashable, Sendable {
    public var refundOptions: [RefundOption]?
}

/// `{"sequenceId": 1, "type": "Full", "expiresAfter": "P1D"}`.
public struct RefundOption: Codable, Hashable, Sendable {
    public var sequenceId: Int?
    public var type: String?
    public var expiresAfter: String?
}

/// An availability's links: its product, SKU and itself.
public struct AvailabilityLinks: Codable, Hashable, Sendable {
    public var product: Link?
    public var sku: Link?
    public var `self`: Link?

    public init(product: Link?, sku: Link?, self link: Link?) {
        self.product = product
        self.sku = sku
        self.`self` = link
    }
}

/// A catalog product, e.g. `DZH318Z0BQ36` (a reservation) or `CFQ7TTC0LFLZ` (an NCE licence) (spec §3.12).
public struct Product: Codable, Hashable, Sendable {
    public var id: String
    public var title: String
    public var description: String?
    public var productType: ProductType?
    public var isMicrosoftProduct: Bool?
    public var publisherName: String?
    public var links: ProductLinks?
    public var attributes: ResourceAttributes?

    public init(id: String, title: String, description: String?, productType: ProductType?, isMicrosoftProduct: Bool?, publisherName: String?) {
        self.id = id
        self.title = title
        self.description = description
        self.productType = productType
        self.isMicrosoftProduct = isMicrosoftProduct
        self.publisherName = publisherName
        self.attributes = ResourceAttributes(objectType: "Product")
    }
}

/// `{"id": "Azure", "displayName": "Azure", "subType": {…}}`.
public final class ProductType: Codable, Hashable, Sendable {
    public let id: String
    public let displayName: String?
    public let subType: ProductType?

    public init(id: String, displayName: String?, subType: ProductType? = nil) {
        self.id = id
        self.displayName = displayName
        self.subType = subType
    }

    public static func == (lhs: ProductType, rhs: ProductType) -> Bool {
        lhs.id == rhs.id && lhs.displayName == rhs.displayName && lhs.subType == rhs.subType
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(displayName)
    }
}

/// A product's links: its SKUs and itself.
public struct ProductLinks: Codable, Hashable, Sendable {
    public var skus: Link?
    public var `self`: Link?

    public init(skus: Link?, self link: Link?) {
        self.skus = skus
        self.`self` = link
    }
}

import NIOHTTP1
import PartnerCenterModels

/// `partner.products`: the new-commerce catalog, always read for one market.
public struct ProductCatalogOperations: Sendable {
    let client: PartnerCenterClient

    /// The catalog as sold in `country` (ISO 3166 two letters, e.g. `US`).
    public func byCountry(_ country: String) -> ProductsInCountry { ProductsInCountry(client: client, country: country) }
}

/// `partner.products.byCountry("US")`.
public struct ProductsInCountry: Sendable {
    let client: PartnerCenterClient
    public let country: String

    /// Products listed under a target view: `OnlineServices`, `Azure`, `Software`, …
    public func byTargetView(_ targetView: String) -> ProductsInView { ProductsInView(market: self, targetView: targetView) }

    /// One product, by id.
    public func byID(_ id: String) -> ProductOperations { ProductOperations(market: self, id: id) }

    var countryQuery: String { "country=\(country.urlQueryEscaped)" }
}

/// `partner.products.byCountry("US").byTargetView("OnlineServices")`.
public struct ProductsInView: Sendable {
    let market: ProductsInCountry
    public let targetView: String

    /// The products of the view.
    public func get() async throws -> ResourceCollection<Product> {
        try await market.client.send(.GET, "/products?\(market.countryQuery)&targetView=\(targetView.urlQueryEscaped)")
    }
}

/// `partner.products.byCountry("US").byID(p)`.
public struct ProductOperations: Sendable {
    let market: ProductsInCountry
    public let id: String

    var path: String { "/products/\(id.urlPathEscaped)" }

    /// Reads the product.
    public func get() async throws -> Product {
        try await market.client.send(.GET, "\(path)?\(market.countryQuery)")
    }

    /// The product's SKUs sold in the market.
    public var skus: SkuCollectionOperations { SkuCollectionOperations(product: self) }
}

/// `…byID(p).skus`.
public struct SkuCollectionOperations: Sendable {
    let product: ProductOperations

    /// The SKUs sold in the market.
    public func get() async throws -> ResourceCollection<Sku> {
        try await product.market.client.send(.GET, "\(product.path)/skus?\(product.market.countryQuery)")
    }

    /// One SKU, by id.
    public func byID(_ id: String) -> SkuOperations { SkuOperations(product: product, id: id) }
}

/// `…skus.byID(s)`.
public struct SkuOperations: Sendable {
    let product: ProductOperations
    public let id: String

    var path: String { "\(product.path)/skus/\(id.urlPathEscaped)" }

    /// Reads the SKU.
    public func get() async throws -> Sku {
        try await product.market.client.send(.GET, "\(path)?\(product.market.countryQuery)")
    }

    /// The SKU's availabilities, whose `catalogItemId` goes into a cart.
    public var availabilities: AvailabilityCollectionOperations { AvailabilityCollectionOperations(sku: self) }
}

/// `…skus.byID(s).availabilities`.
public struct AvailabilityCollectionOperations: Sendable {
    let sku: SkuOperations

    /// The availabilities sold in the market, optionally of one segment (`commercial`, `education`, …).
    public func get(targetSegment: String? = nil) async throws -> ResourceCollection<Availability> {
        let segment = targetSegment.map { "&targetSegment=\($0.urlQueryEscaped)" } ?? ""
        return try await sku.product.market.client.send(.GET, "\(sku.path)/availabilities?\(sku.product.market.countryQuery)\(segment)")
    }

    /// One availability, by id.
    public func byID(_ id: String) async throws -> Availability {
        try await sku.product.market.client.send(.GET, "\(sku.path)/availabilities/\(id.urlPathEscaped)?\(sku.product.market.countryQuery)")
    }
}

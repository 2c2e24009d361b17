import NIOHTTP1
import PartnerCenterModels

/// `partner.products`: the new-commerce catalog, always read for one market.
public struct ProductCatalogOperations: Sendable {
    let client: PartnerCenterClient

    /// The catalog as sold in `country` (ISO 3166 two letters, e.g. `US`).
    public func byCountry(_ country: String) -> ProductsInCountry { ProductsInCountry(client: client, country: country) }
}

/// `partner.products.byCountry("US")`, or `customer.products`: the catalog as one market sees it.
public struct ProductsInCountry: Sendable {
    let client: PartnerCenterClient
    /// The market's country; empty under a customer, whose own market the server uses.
    public let country: String
    /// `/customers/{id}` for a customer's catalog; empty for a country's.
    var prefix = ""

    /// Products listed under a target view: `OnlineServices`, `Azure`, `Software`, …
    public func byTargetView(_ targetView: String) -> ProductsInView { ProductsInView(market: self, targetView: targetView) }

    /// One product, by id.
    public func byID(_ id: String) -> ProductOperations { ProductOperations(market: self, id: id) }

    /// The query of a read: `country` (none under a customer) and `extra` parameters, with its `?` when not empty.
    func query(_ extra: String...) -> String {
        let parameters = (prefix.isEmpty ? ["country=\(country.urlQueryEscaped)"] : []) + extra
        return parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&")
    }
}

/// `partner.products.byCountry("US").byTargetView("OnlineServices")`.
public struct ProductsInView: Sendable {
    let market: ProductsInCountry
    public let targetView: String

    /// The products of the view.
    public func get() async throws -> ResourceCollection<Product> {
        try await market.client.send(.GET, "\(market.prefix)/products\(market.query("targetView=\(targetView.urlQueryEscaped)"))")
    }
}

/// `partner.products.byCountry("US").byID(p)`.
public struct ProductOperations: Sendable {
    let market: ProductsInCountry
    public let id: String

    var path: String { "\(market.prefix)/products/\(id.urlPathEscaped)" }

    /// Reads the product.
    public func get() async throws -> Product {
        try await market.client.send(.GET, "\(path)\(market.query())")
    }

    /// The product's SKUs sold in the market.
    public var skus: SkuCollectionOperations { SkuCollectionOperations(product: self) }
}

/// `…byID(p).skus`.
public struct SkuCollectionOperations: Sendable {
    let product: ProductOperations

    /// The SKUs sold in the market.
    public func get() async throws -> ResourceCollection<Sku> {
        try await product.market.client.send(.GET, "\(product.path)/skus\(product.market.query())")
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
        try await product.market.client.send(.GET, "\(path)\(product.market.query())")
    }

    /// The SKU's availabilities, whose `catalogItemId` goes into a cart.
    public var availabilities: AvailabilityCollectionOperations { AvailabilityCollectionOperations(sku: self) }
}

/// `…skus.byID(s).availabilities`.
public struct AvailabilityCollectionOperations: Sendable {
    let sku: SkuOperations

    /// The availabilities sold in the market, optionally of one segment (`commercial`, `education`, …).
    public func get(targetSegment: String? = nil) async throws -> ResourceCollection<Availability> {
        let market = sku.product.market
        let query = targetSegment.map { market.query("targetSegment=\($0.urlQueryEscaped)") } ?? market.query()
        return try await market.client.send(.GET, "\(sku.path)/availabilities\(query)")
    }

    /// One availability, by id.
    public func byID(_ id: String) async throws -> Availability {
        try await sku.product.market.client.send(.GET, "\(sku.path)/availabilities/\(id.urlPathEscaped)\(sku.product.market.query())")
    }
}

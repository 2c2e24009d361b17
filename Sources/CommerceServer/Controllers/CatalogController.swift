import CommerceCore
import CommerceStore
import Hummingbird
import PartnerCenterModels

/// The catalog (spec §2.5): products, SKUs and availabilities by market, and legacy offers.
/// Shared by every partner; `country` is required, as in Partner Center. Under `/customers/{id}` the same
/// routes answer for that customer's market (after-checkout §7), without `country`.
struct CatalogController {
    let catalog: CatalogCache
    let store: Store

    func addRoutes(to group: RouterGroup<PartnerRequestContext>) {
        for prefix in ["", "customers/:customerID/"] {
            group.get("\(prefix)products", use: products)
            group.get("\(prefix)products/:productID", use: product)
            group.get("\(prefix)products/:productID/skus", use: skus)
            group.get("\(prefix)products/:productID/skus/:skuID", use: sku)
            group.get("\(prefix)products/:productID/skus/:skuID/availabilities", use: availabilities)
            group.get("\(prefix)products/:productID/skus/:skuID/availabilities/:availabilityID", use: availability)
        }
        group.get("offers", use: offers)
        group.get("offers/:offerID", use: offer)
    }

    /// Where a catalog read looks: a market, and how its links are written (`/products?country=US&…` or
    /// `/customers/{id}/products?…`).
    struct Scope {
        var market: Market
        var prefix: String
        /// The query that names the market, for links (`country=US`), or nothing under a customer.
        var marketQuery: String

        func link(_ path: String, _ query: String = "") -> Link {
            let parts = [marketQuery, query].filter { !$0.isEmpty }.joined(separator: "&")
            return Link(uri: prefix + path + (parts.isEmpty ? "" : "?" + parts))
        }
    }

    /// The customer's market under `/customers/{id}` (its partner's customer, or 403 / 404 as every customer
    /// route answers); the `country` query parameter otherwise.
    func scope(_ request: Request, _ context: PartnerRequestContext) async throws -> Scope {
        if context.parameters.get("customerID") != nil {
            let customer = try await CustomerScope.resolve(context, store: store)
            return Scope(market: customer.market, prefix: "/customers/\(customer.customerID)", marketQuery: "")
        }
        _ = try context.caller()
        let market = try Self.market(request)
        return Scope(market: market, prefix: "", marketQuery: "country=\(market.country)")
    }

    @Sendable func products(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let scope = try await scope(request, context)
        let market = scope.market
        guard let view = request.query("targetView") else {
            throw HTTPFault.badRequest("The query parameter targetView is required (e.g. Azure, OnlineServices, Software).", data: ["targetView"])
        }
        let items = try await catalog.current().products(targetView: view, market: market).map { CatalogResources.product($0, market: market) }
        var collection = ResourceCollection(items: items)
        collection.links = ResourceLinks(self: scope.link("/products", "targetView=\(view)"))
        return try JSONResponse.make(collection)
    }

    @Sendable func product(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let market = try await scope(request, context).market
        let product = try await Self.product(context, in: catalog.current())
        return try JSONResponse.make(CatalogResources.product(product, market: market))
    }

    @Sendable func skus(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let scope = try await scope(request, context)
        let market = scope.market
        let product = try await Self.product(context, in: catalog.current())
        let items = product.skus.filter { $0.availabilities.contains { $0.isSold(in: market) } }
            .map { CatalogResources.sku($0, of: product, market: market) }
        var collection = ResourceCollection(items: items)
        collection.links = ResourceLinks(self: scope.link("/products/\(product.id)/skus"))
        return try JSONResponse.make(collection)
    }

    @Sendable func sku(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let (market, product, sku) = try await skuInMarket(request, context)
        return try JSONResponse.make(CatalogResources.sku(sku, of: product, market: market))
    }

    @Sendable func availabilities(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let (scope, product, sku) = try await skuInScope(request, context)
        let market = scope.market
        let segment = request.query("targetSegment")
        let items = sku.availabilities
            .filter { $0.isSold(in: market) && (segment == nil || ($0.segment ?? "commercial").lowercased() == segment?.lowercased()) }
            .map { CatalogResources.availability($0, of: sku, of: product, market: market) }
        var collection = ResourceCollection(items: items)
        collection.links = ResourceLinks(self: scope.link("/products/\(product.id)/skus/\(sku.id)/availabilities"))
        return try JSONResponse.make(collection)
    }

    @Sendable func availability(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let (market, product, sku) = try await skuInMarket(request, context)
        let id = try context.parameters.require("availabilityID")
        guard let availability = sku.availabilities.first(where: { $0.id.uppercased() == id.uppercased() && $0.isSold(in: market) }) else {
            throw HTTPFault.notFound("Availability \(id) of \(product.id)/\(sku.id) was not found in \(market.country).")
        }
        return try JSONResponse.make(CatalogResources.availability(availability, of: sku, of: product, market: market))
    }

    @Sendable func offers(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        _ = try context.caller()
        let market = try Self.market(request)
        let all = try await catalog.current().offers(market: market)
        let offset = try Self.nonNegative(request, "offset") ?? 0
        let size = try Self.nonNegative(request, "size") ?? all.count
        let page = all.dropFirst(offset).prefix(size).map { CatalogResources.offer($0, market: market, locale: context.locale) }
        var collection = ResourceCollection(items: Array(page), totalCount: all.count)
        collection.links = ResourceLinks(self: Link(uri: "/offers?country=\(market.country)"))
        return try JSONResponse.make(collection)
    }

    @Sendable func offer(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        _ = try context.caller()
        let market = try Self.market(request)
        let id = try context.parameters.require("offerID")
        guard let offer = try await catalog.current().offer(id), offer.isSold(in: market) else {
            throw HTTPFault.notFound("Offer \(id) was not found in \(market.country).")
        }
        return try JSONResponse.make(CatalogResources.offer(offer, market: market, locale: context.locale))
    }

    /// The caller is authenticated, and the path's product and SKU exist; with the market asked for.
    func skuInMarket(_ request: Request, _ context: PartnerRequestContext) async throws -> (Market, CatalogProduct, CatalogSku) {
        let (scope, product, sku) = try await skuInScope(request, context)
        return (scope.market, product, sku)
    }

    func skuInScope(_ request: Request, _ context: PartnerRequestContext) async throws -> (Scope, CatalogProduct, CatalogSku) {
        let scope = try await scope(request, context)
        let product = try Self.product(context, in: try await catalog.current())
        return (scope, product, try Self.sku(context, of: product))
    }

    /// The `country` query parameter as a market we sell in.
    static func market(_ request: Request) throws -> Market {
        guard let country = request.query("country") else {
            throw HTTPFault.badRequest("The query parameter country is required (a two-letter ISO code such as US).", data: ["country"])
        }
        guard let market = Market.named(country) else {
            throw HTTPFault(.invalidProperty, "Country '\(country)' is not a market this server sells in.", data: ["country"])
        }
        return market
    }

    static func product(_ context: PartnerRequestContext, in catalog: Catalog) throws -> CatalogProduct {
        let id = try context.parameters.require("productID")
        guard let product = catalog.product(id) else { throw HTTPFault.notFound("Product \(id) was not found.") }
        return product
    }

    static func sku(_ context: PartnerRequestContext, of product: CatalogProduct) throws -> CatalogSku {
        let id = try context.parameters.require("skuID")
        guard let sku = product.skus.first(where: { $0.id.uppercased() == id.uppercased() }) else {
            throw HTTPFault.notFound("SKU \(id) of product \(product.id) was not found.")
        }
        return sku
    }

    static func nonNegative(_ request: Request, _ name: String) throws -> Int? {
        guard let text = request.query(name) else { return nil }
        guard let number = Int(text), number >= 0 else {
            throw HTTPFault(.invalidProperty, "\(name) must be a whole number of zero or more.", data: [name])
        }
        return number
    }
}

import CommerceCore
import CommerceStore
import Foundation
import Hummingbird
import PartnerCenterModels

/// Orders (spec §2.5, §3.7–3.8): readable the moment checkout answers — no 15-minute lag; and placed without a
/// cart, for legacy offers (after-checkout §5).
struct OrdersController {
    let store: Store
    /// Reads of an order count towards an `afterReads` fulfilment rule.
    let fulfilment: FulfilmentControl
    let catalog: CatalogCache
    let configuration: ServerConfiguration

    func addRoutes(to group: RouterGroup<PartnerRequestContext>) {
        group.post("customers/:customerID/orders", use: create)
        group.get("customers/:customerID/orders", use: list)
        group.get("customers/:customerID/orders/:orderID", use: get)
        group.get("customers/:customerID/orders/:orderID/provisioningstatus", use: provisioningStatus)
    }

    /// `POST …/orders`: legacy offers bought without a cart; 201 with the order, complete with its subscriptions.
    /// The order is written in one transaction with its `MS-RequestId` record, so a retry answers it again.
    @Sendable func create(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let scope = try await CustomerScope.resolve(context, store: store)
        try PartnerRole.requirePurchasing(scope.caller.userRoles)
        let body = try await RequestBody.decode(Order.self, from: request, limit: configuration.maxBodyBytes)
        guard body.lineItems.count <= DirectOrders.maximumLines else {
            throw HTTPFault(.invalidInput, "An order carries at most \(DirectOrders.maximumLines) line items.", data: ["lineItems"])
        }
        let parents = Set(body.lineItems.compactMap { $0.parentSubscriptionId?.lowercased() })
        let rules = try await PurchaseContext.make(
            scope, naming: parents, store: store, catalog: catalog, configuration: configuration, language: context.language
        )
        let planned = try DirectOrders.plan(body, context: rules, ids: configuration.ids)
        let answering: Answering<Order> = context.answering { order in try StoredResponse.json(order, status: .created) }
        let stored = try await store.placeOrder(
            planned, partnerID: scope.caller.partnerTenantID, customerID: scope.customerID, country: scope.market.country, at: rules.now,
            answering: answering
        )
        return try context.answer(stored)
    }

    @Sendable func list(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let scope = try await CustomerScope.resolve(context, store: store)
        var cycle: BillingCycleType?
        if let text = request.query("billingType") {
            let parsed = BillingCycleType(wire: text)
            guard parsed.isKnown else {
                throw HTTPFault(.unparsableEnum, "Unable to parse enum value '\(text)' of billingType.", data: ["billingType"])
            }
            cycle = parsed
        }
        let withPrices = try Self.includesPrices(request)
        let paging = try PageRequest.read(request)
        let page = try await store.orderBodies(
            partnerID: scope.caller.partnerTenantID, customerID: scope.customerID, billingCycle: cycle, after: paging.cursor, limit: paging.size
        )
        let query = [cycle.map { "billingType=\($0.wireValue)" }, withPrices ? "include_price=true" : nil].compactMap { $0 }.joined(separator: "&")
        let envelope = paging.collection(page.withoutItems(as: Order.self), path: "/customers/\(scope.customerID)/orders", query: query)
        guard withPrices else { return try JSONResponse.collection(envelope, items: page.items) }
        let catalog = try await catalog.current()
        let items = try page.items.map { try priced($0, catalog: catalog, market: scope.market) }
        return try JSONResponse.collection(envelope, items: items)
    }

    @Sendable func get(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let withPrices = try Self.includesPrices(request)
        let body = try await orderBody(context)
        guard withPrices else { return JSONResponse.bytes(Data(body.utf8), status: .ok) }
        let market = try await CustomerScope.resolve(context, store: store).market
        return JSONResponse.bytes(Data(try priced(body, catalog: try await catalog.current(), market: market).utf8), status: .ok)
    }

    /// A stored order with its prices filled in (``OrderPricing``), as JSON.
    func priced(_ body: String, catalog: Catalog, market: Market) throws -> String {
        let order = try PartnerCenterJSON.makeDecoder().decode(Order.self, from: Data(body.utf8))
        return String(decoding: try PartnerCenterJSON.encode(OrderPricing.priced(order, catalog: catalog, market: market)), as: UTF8.self)
    }

    /// `include_price=true` (also `includePrice`, any case): the lines' prices and the order's total.
    static func includesPrices(_ request: Request) throws -> Bool {
        guard let text = request.query("include_price") ?? request.query("includePrice") else { return false }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw HTTPFault(.invalidInput, "include_price must be true or false.", data: ["include_price"])
        }
    }

    @Sendable func provisioningStatus(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let order = try PartnerCenterJSON.makeDecoder().decode(Order.self, from: Data(try await orderBody(context).utf8))
        var collection = ResourceCollection(items: Fulfilment.provisioningStatus(of: order))
        collection.links = ResourceLinks(self: order.links?.provisioningStatus)
        return try JSONResponse.make(collection)
    }

    /// The `{order-id}` of the path, of the caller's customer, as stored (404 / 20000 when there is none). Each call is
    /// a read of the order, which an `afterReads` fulfilment rule counts.
    func orderBody(_ context: PartnerRequestContext) async throws -> String {
        let scope = try await CustomerScope.resolve(context, store: store)
        let id = try context.parameters.require("orderID")
        guard let body = try await store.orderBody(id: id, partnerID: scope.caller.partnerTenantID, customerID: scope.customerID) else {
            throw HTTPFault(.orderNotFound, "Order ID \(id) not found.")
        }
        try await fulfilment.noteRead(orderID: id, body: body, partner: scope.caller.partnerTenantID)
        return body
    }
}

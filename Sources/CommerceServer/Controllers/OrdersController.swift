import CommerceCore
import CommerceStore
import Foundation
import Hummingbird
import PartnerCenterModels

/// Orders (spec §2.5, §3.7–3.8): readable the moment checkout answers — no 15-minute lag.
struct OrdersController {
    let store: Store
    /// Reads of an order count towards an `afterReads` fulfilment rule.
    let fulfilment: FulfilmentControl

    func addRoutes(to group: RouterGroup<PartnerRequestContext>) {
        group.get("customers/:customerID/orders", use: list)
        group.get("customers/:customerID/orders/:orderID", use: get)
        group.get("customers/:customerID/orders/:orderID/provisioningstatus", use: provisioningStatus)
    }

    @Sendable func list(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let scope = try await CustomerScope.resolve(context, store: store)
        var cycle: BillingCycleType?
        if let text = request.query("billingType") {
            let parsed = BillingCycleType(wire: text)
            guard parsed.isKnown else {
                throw HTTPFault(.badRequest, code: 900126, "Unable to parse enum value '\(text)' of billingType.", data: ["billingType"])
            }
            cycle = parsed
        }
        let paging = try PageRequest.read(request)
        let page = try await store.orderBodies(
            partnerID: scope.caller.partnerTenantID, customerID: scope.customerID, billingCycle: cycle, after: paging.cursor, limit: paging.size
        )
        let query = cycle.map { "billingType=\($0.wireValue)" } ?? ""
        let envelope = paging.collection(page.withoutItems(as: Order.self), path: "/customers/\(scope.customerID)/orders", query: query)
        return try JSONResponse.collection(envelope, items: page.items)
    }

    @Sendable func get(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        JSONResponse.bytes(Data(try await orderBody(context).utf8), status: .ok)
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
            throw HTTPFault.notFound("Order ID \(id) not found.", code: 20000)
        }
        try await fulfilment.noteRead(orderID: id, body: body)
        return body
    }
}

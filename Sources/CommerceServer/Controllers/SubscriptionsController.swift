import CommerceStore
import Hummingbird
import PartnerCenterModels

/// Subscriptions (spec §3.10): all of a customer's, those of one order, or one.
struct SubscriptionsController {
    let store: Store

    func addRoutes(to group: RouterGroup<PartnerRequestContext>) {
        group.get("customers/:customerID/subscriptions", use: list)
        group.get("customers/:customerID/subscriptions/:subscriptionID", use: get)
    }

    @Sendable func list(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let scope = try await CustomerScope.resolve(context, store: store)
        let orderID = request.query("order_id")
        let items = try await store.subscriptions(partnerID: scope.caller.partnerTenantID, customerID: scope.customerID, orderID: orderID)
        var collection = ResourceCollection(items: items)
        collection.links = ResourceLinks(self: Link(uri: "/customers/\(scope.customerID)/subscriptions" + (orderID.map { "?order_id=\($0)" } ?? "")))
        return try JSONResponse.make(collection)
    }

    @Sendable func get(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let scope = try await CustomerScope.resolve(context, store: store)
        let id = try context.parameters.require("subscriptionID")
        guard let subscription = try await store.subscription(id: id, partnerID: scope.caller.partnerTenantID, customerID: scope.customerID) else {
            throw HTTPFault.notFound("Subscription \(id) not found.", code: 20003)
        }
        return try JSONResponse.make(subscription)
    }
}

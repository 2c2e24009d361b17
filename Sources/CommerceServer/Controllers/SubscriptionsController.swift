import CommerceCore
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
        let orderID = try request.query("order_id").map(Self.orderID)
        let paging = try PageRequest.read(request)
        let page = try await store.subscriptions(
            partnerID: scope.caller.partnerTenantID, customerID: scope.customerID, orderID: orderID, after: paging.cursor, limit: paging.size
        )
        let query = orderID.map { "order_id=\($0)" } ?? ""
        return try JSONResponse.make(paging.collection(page, path: "/customers/\(scope.customerID)/subscriptions", query: query))
    }

    /// An order id as the `order_id` filter takes it: order ids are short tokens of letters, digits, `-` and `_`,
    /// so anything else (which could not match, and would be echoed into `links`) is refused.
    static func orderID(_ text: String) throws -> String {
        guard (1...64).contains(text.utf8.count), text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw HTTPFault(.badRequest, code: 3000, "order_id is not a valid order id.", data: ["order_id"])
        }
        return text
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

import CommerceCore
import Foundation
import PartnerCenterModels
import SQLKit

/// What a checkout call answers.
public struct CheckoutOutcome: Sendable {
    /// The serialized `CartCheckoutResult`: the same bytes for every replay of a completed checkout.
    public var body: Data
}

/// What a checkout's plan is given: the stored cart, the orders earlier attempts placed (with their groups), and
/// the groups the first attempt planned (`nil` on the first attempt).
public struct CheckoutState: Sendable {
    public var cart: Cart
    public var placed: [(group: String, order: Order)]
    public var groups: CheckoutGroups?
}

extension Store {
    /// Checks a cart out exactly once (ARCHITECTURE decision 1), in one transaction that holds the cart's lock.
    ///
    /// A completed checkout is answered from its stored result, byte for byte. Otherwise `plan` (the rules, in
    /// CommerceCore) gets the cart, the groups an earlier attempt placed and the groups it planned, and
    /// everything it returns — orders, subscriptions, fulfilment jobs, the result, the groups and the cart's new
    /// status — is written together with the request's answer, or nothing is. `UNIQUE(cart_id, order_group)` on
    /// orders and the `checkouts` primary key are the last guards.
    public func checkout(
        cartID: String, partnerID: String, customerID: String, country: String, customerUserUPN: String?, at now: Date,
        answering: Answering<CheckoutOutcome>, plan: @escaping @Sendable (CheckoutState) throws -> CheckoutPlan
    ) async throws -> StoredResponse {
        let cartID = cartID.lowercased()
        return try await write(answering: answering, at: now) { db in
            guard let stored = try await Self.loadCart(id: cartID, partnerID: partnerID, customerID: customerID, lockingIt: true, in: db) else {
                throw StoreError.notFound(.cart, id: cartID)
            }
            let earlier = try await db.select().columns("complete", "result", "plan").from("checkouts").where("cart_id", .equal, cartID).first()
            if let earlier, try earlier.decode(column: "complete", as: Int.self) == 1 {
                return CheckoutOutcome(body: Data(try earlier.decode(column: "result", as: String.self).utf8))
            }
            let groups = try earlier?.decode(column: "plan", as: String?.self).map { try StoreJSON.decode(CheckoutGroups.self, from: $0) }
            let placed = try await db.select().columns("order_group", "body").from("orders").where("cart_id", .equal, cartID)
                .orderBy("created_at").orderBy("position").all()
                .map { (group: try $0.decode(column: "order_group", as: String.self), order: try StoreJSON.decode(Order.self, from: $0.decode(column: "body", as: String.self))) }
            let outcome = try plan(CheckoutState(cart: stored.cart, placed: placed, groups: groups))
            for planned in outcome.newOrders {
                let position = outcome.result.orders.firstIndex { $0.id == planned.order.id } ?? 0
                try await Self.insert(
                    planned, position: position, cartID: cartID, partnerID: partnerID, customerID: customerID, country: country,
                    upn: customerUserUPN, at: now, in: db
                )
            }
            let result = try StoreJSON.encode(outcome.result)
            try await db.delete(from: "checkouts").where("cart_id", .equal, cartID).run()
            try await db.insert(into: "checkouts").columns("cart_id", "partner_id", "complete", "result", "plan", "updated_at")
                .values(
                    SQLBind(cartID), SQLBind(partnerID), SQLBind(outcome.isComplete ? 1 : 0), SQLBind(result),
                    SQLBind(try StoreJSON.encode(outcome.groups)), SQLBind(StoreTime.text(now))
                ).run()
            if outcome.isComplete {
                var cart = stored.cart
                cart.status = .ordered
                cart.lastModifiedTimestamp = now
                try await db.update("carts").set("status", to: SQLBind(CartStatus.ordered.wireValue))
                    .set("updated_at", to: SQLBind(StoreTime.text(now))).set("body", to: SQLBind(try StoreJSON.encode(cart)))
                    .where("id", .equal, cartID).run()
            }
            return CheckoutOutcome(body: Data(result.utf8))
        }
    }

    static func insert(
        _ planned: PlannedOrder, position: Int, cartID: String?, partnerID: String, customerID: String, country: String, upn: String?, at now: Date,
        in db: any SQLDatabase
    ) async throws {
        let order = planned.order
        guard let orderID = order.id else { throw StoreError.incomplete("an order needs an id") }
        try await db.insert(into: "orders")
            .columns(
                "id", "partner_id", "customer_id", "cart_id", "order_group", "billing_cycle", "status", "customer_user_upn", "created_at", "position",
                "body"
            )
            .values(
                SQLBind(orderID), SQLBind(partnerID), SQLBind(customerID), SQLBind(cartID), SQLBind(planned.group),
                SQLBind(order.billingCycle?.wireValue), SQLBind(order.status?.wireValue ?? "pending"), SQLBind(upn),
                SQLBind(StoreTime.text(order.creationDate ?? now)), SQLBind(position), SQLBind(try StoreJSON.encode(order))
            ).run()
        for subscription in planned.subscriptions {
            try await insert(subscription, partnerID: partnerID, customerID: customerID, at: now, in: db)
        }
        if let due = planned.fulfilAt {
            try await db.insert(into: "fulfilment_jobs")
                .columns("order_id", "partner_id", "customer_id", "country", "due_at", "state", "attempts", "updated_at")
                .values(
                    SQLBind(orderID), SQLBind(partnerID), SQLBind(customerID), SQLBind(country), SQLBind(StoreTime.text(due)),
                    SQLBind("pending"), SQLBind(0), SQLBind(StoreTime.text(now))
                ).run()
        }
    }

    static func insert(_ subscription: Subscription, partnerID: String, customerID: String, at now: Date, in db: any SQLDatabase) async throws {
        try await db.insert(into: "subscriptions").columns("id", "partner_id", "customer_id", "order_id", "created_at", "body")
            .values(
                SQLBind(subscription.id), SQLBind(partnerID), SQLBind(customerID), SQLBind(subscription.orderId),
                SQLBind(StoreTime.text(subscription.creationDate ?? now)), SQLBind(try StoreJSON.encode(subscription))
            ).run()
    }
}

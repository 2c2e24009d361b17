import CommerceCore
import Foundation
import NIOCore
import PartnerCenterModels
import SQLKit

/// Everything a checkout attempt writes, already encoded: each row's values as they are bound. Encoding is most of
/// a checkout's CPU, so it is done before the writer's lock is taken whenever the plan can be made before it
/// (see `Store.checkout`), and the transaction itself only sends statements.
struct CheckoutRows: Sendable {
    var cartID: String
    var partnerID: String
    var customerID: String
    /// When the attempt is made, as stored.
    var stamp: String
    var orders: [[SQLBind]] = []
    /// How many new orders of each billing cycle ('' for none), for the customer's `order_counts`.
    var addedByCycle: [String: Int] = [:]
    var subscriptions: [[SQLBind]] = []
    /// The ids of the subscriptions created, for their `subscription-created` events.
    var subscriptionIDs: [String] = []
    var now: Date
    var jobs: [[SQLBind]] = []
    var isComplete: Bool
    var result: String
    var groups: String
    /// The cart's new body when the checkout completed it (status `ordered`).
    var orderedCart: String?

    static let orderColumns = [
        "id", "partner_id", "customer_id", "cart_id", "order_group", "billing_cycle", "status", "customer_user_upn", "created_at", "position", "body",
    ]
    static let subscriptionColumns = ["id", "partner_id", "customer_id", "order_id", "created_at", "body", "term_ends_at", "parent_id"]
    static let jobColumns = ["order_id", "partner_id", "customer_id", "country", "due_at", "state", "attempts", "updated_at"]

    /// Encodes `plan` for `cart`: its new orders with their subscriptions and fulfilment jobs, the result, the
    /// groups, and the cart marked ordered if the plan completes it.
    init(_ plan: CheckoutPlan, cart: Cart, cartID: String, partnerID: String, customerID: String, country: String, upn: String?, at now: Date) throws {
        self.cartID = cartID
        self.partnerID = partnerID
        self.customerID = customerID
        stamp = StoreTime.text(now)
        self.now = now
        for planned in plan.newOrders {
            let order = planned.order
            guard let orderID = order.id else { throw StoreError.incomplete("an order needs an id") }
            let position = plan.result.orders.firstIndex { $0.id == order.id } ?? 0
            addedByCycle[order.billingCycle?.wireValue ?? "", default: 0] += 1
            orders.append([
                SQLBind(orderID), SQLBind(partnerID), SQLBind(customerID), SQLBind(cartID), SQLBind(planned.group),
                SQLBind(order.billingCycle?.wireValue), SQLBind(order.status?.wireValue ?? "pending"), SQLBind(upn),
                SQLBind(StoreTime.text(order.creationDate ?? now)), SQLBind(position), SQLBind(try StoreJSON.encode(order)),
            ])
            for subscription in planned.subscriptions {
                subscriptions.append(try Self.subscriptionRow(subscription, partnerID: partnerID, customerID: customerID, at: now))
                subscriptionIDs.append(subscription.id)
            }
            if let due = planned.fulfilAt {
                jobs.append([
                    SQLBind(orderID), SQLBind(partnerID), SQLBind(customerID), SQLBind(country), SQLBind(StoreTime.text(due)),
                    SQLBind("pending"), SQLBind(0), SQLBind(stamp),
                ])
            }
        }
        isComplete = plan.isComplete
        result = try StoreJSON.encode(plan.result)
        groups = try StoreJSON.encode(plan.groups)
        if plan.isComplete {
            var ordered = cart
            ordered.status = .ordered
            ordered.lastModifiedTimestamp = now
            orderedCart = try StoreJSON.encode(ordered)
        }
    }

    /// A `subscriptions` row, in `subscriptionColumns` order (fulfilment adds subscriptions the same way).
    static func subscriptionRow(_ subscription: Subscription, partnerID: String, customerID: String, at now: Date) throws -> [SQLBind] {
        [
            SQLBind(subscription.id), SQLBind(partnerID), SQLBind(customerID), SQLBind(subscription.orderId),
            SQLBind(StoreTime.text(subscription.creationDate ?? now)), SQLBind(try StoreJSON.encode(subscription)),
            SQLBind(SubscriptionTerms.due(subscription).map(StoreTime.text)), SQLBind(subscription.parentSubscriptionId?.lowercased()),
        ]
    }

    /// Writes the rows: one statement per table however many orders there are. `replacingAttempt` drops the
    /// `checkouts` row of an earlier attempt first (none exists on a first attempt).
    func write(replacingAttempt: Bool, in db: any SQLDatabase) async throws {
        for (rows, table, columns) in [(orders, "orders", Self.orderColumns), (subscriptions, "subscriptions", Self.subscriptionColumns), (jobs, "fulfilment_jobs", Self.jobColumns)]
        where !rows.isEmpty {
            var insert = db.insert(into: table).columns(columns)
            for row in rows { insert = insert.values(row.map { $0 as any SQLExpression }) }
            try await insert.run()
        }
        for id in subscriptionIDs {
            try await Store.raiseSubscriptionEvent(WebhookEventName.subscriptionCreated, id, partnerID: partnerID, customerID: customerID, at: now, in: db)
        }
        try await Store.countOrders(addedByCycle, partnerID: partnerID, customerID: customerID, in: db)
        if replacingAttempt { try await db.delete(from: "checkouts").where("cart_id", .equal, cartID).run() }
        try await db.insert(into: "checkouts").columns("cart_id", "partner_id", "complete", "result", "plan", "updated_at")
            .values(SQLBind(cartID), SQLBind(partnerID), SQLBind(isComplete ? 1 : 0), SQLBind(result), SQLBind(groups), SQLBind(stamp))
            .run()
        if let orderedCart {
            try await db.update("carts").set("status", to: SQLBind(CartStatus.ordered.wireValue))
                .set("updated_at", to: SQLBind(stamp)).set("body", to: SQLBind(orderedCart))
                .where("id", .equal, cartID).run()
        }
    }
}

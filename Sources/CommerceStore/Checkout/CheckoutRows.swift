import CommerceCore
import Foundation
import PartnerCenterModels

/// Everything a checkout attempt writes, already encoded: each row's values as they are bound. Encoding is most of
/// a checkout's CPU, so it is done before the writer's lock is taken whenever the plan can be made before it
/// (see `Store.checkout`), and the transaction itself only sends statements.
struct CheckoutRows: Sendable {
    var cartID: String
    var partnerID: String
    var customerID: String
    /// When the attempt is made, as stored.
    var stamp: String
    /// Rows of `orders`, in `InsertOrder`'s order.
    var orders: [[DatabaseValue]] = []
    /// How many new orders of each billing cycle ('' for none), for the customer's `order_counts`.
    var addedByCycle: [String: Int] = [:]
    /// Rows of `subscriptions`, in `InsertSubscription`'s order.
    var subscriptions: [[DatabaseValue]] = []
    /// The ids of the subscriptions created, for their `subscription-created` events.
    var subscriptionIDs: [String] = []
    var now: Date
    /// Rows of `fulfilment_jobs`, in `InsertJob`'s order.
    var jobs: [[DatabaseValue]] = []
    var isComplete: Bool
    var result: String
    var groups: String
    /// The cart's new body when the checkout changed it (the plan's `cartAfter`: status `ordered`).
    var orderedCart: String?

    /// Encodes `plan`: its new orders with their subscriptions and fulfilment jobs, the result, the groups, and
    /// the cart as the plan leaves it.
    init(_ plan: CheckoutPlan, cartID: String, partnerID: String, customerID: String, country: String, upn: String?, at now: Date) throws {
        self.cartID = cartID
        self.partnerID = partnerID
        self.customerID = customerID
        stamp = StoreTime.text(now)
        self.now = now
        for planned in plan.newOrders {
            let order = planned.order
            let position = plan.result.orders.firstIndex { $0.id == order.id } ?? 0
            addedByCycle[order.billingCycle?.wireValue ?? "", default: 0] += 1
            orders.append(
                try Self.orderRow(
                    order, group: planned.group, cartID: cartID, upn: upn, position: position, partnerID: partnerID, customerID: customerID, at: now))
            for subscription in planned.subscriptions {
                subscriptions.append(try Self.subscriptionRow(subscription, partnerID: partnerID, customerID: customerID, at: now))
                subscriptionIDs.append(subscription.id)
            }
            if let due = planned.fulfilAt {
                jobs.append(try Self.jobRow(order, partnerID: partnerID, customerID: customerID, country: country, due: due, at: now))
            }
        }
        isComplete = plan.isComplete
        var bodies: [String: String] = [:]
        for row in orders { if case .text(let id) = row[0], case .text(let body) = row[10] { bodies[id] = body } }
        result = try Self.resultJSON(plan.result, orderBodies: bodies)
        groups = try StoreJSON.encode(plan.groups)
        orderedCart = try plan.cartAfter.map(StoreJSON.encode)
    }

    /// The checkout's answer: its orders put in as the bodies just encoded for their rows, not encoded a second
    /// time. The bytes are the ones encoding the whole result gives (an array's elements are written each on its
    /// own; `CheckoutTests` compares the answer with Foundation's).
    static func resultJSON(_ result: CartCheckoutResult, orderBodies: [String: String]) throws -> String {
        var envelope = result
        envelope.orders = []
        let empty = try StoreJSON.encode(envelope)
        // "orders" is the envelope's last key, so its empty array is the last one written.
        guard let range = empty.range(of: #""orders":[]"#, options: .backwards) else { return try StoreJSON.encode(result) }
        var text = String(empty[..<range.lowerBound])
        text += #""orders":["#
        for (index, order) in result.orders.enumerated() {
            if index > 0 { text += "," }
            text += try order.id.flatMap { orderBodies[$0] } ?? StoreJSON.encode(order)
        }
        text += "]"
        text += empty[range.upperBound...]
        return text
    }

    /// An `orders` row, in `InsertOrder`'s order (orders placed without a cart are written the same way).
    static func orderRow(
        _ order: Order, group: String, cartID: String?, upn: String?, position: Int, partnerID: String, customerID: String, at now: Date
    ) throws -> [DatabaseValue] {
        guard let orderID = order.id else { throw StoreError.incomplete("an order needs an id") }
        return [
            .text(orderID), .text(partnerID), .text(customerID), .optionalText(cartID), .text(group), .optionalText(order.billingCycle?.wireValue),
            .text(order.status?.wireValue ?? "pending"), .optionalText(upn), .text(StoreTime.text(order.creationDate ?? now)),
            .integer(Int64(position)), .text(try StoreJSON.encode(order)),
        ]
    }

    /// A `subscriptions` row, in `InsertSubscription`'s order (fulfilment adds subscriptions the same way).
    static func subscriptionRow(_ subscription: Subscription, partnerID: String, customerID: String, at now: Date) throws -> [DatabaseValue] {
        [
            .text(subscription.id), .text(partnerID), .text(customerID), .optionalText(subscription.orderId),
            .text(StoreTime.text(subscription.creationDate ?? now)), .text(try StoreJSON.encode(subscription)),
            .optionalText(SubscriptionTerms.due(subscription).map(StoreTime.text)), .optionalText(subscription.parentSubscriptionId?.lowercased()),
        ]
    }

    /// A `fulfilment_jobs` row for an order that completes later, in `InsertJob`'s order.
    static func jobRow(_ order: Order, partnerID: String, customerID: String, country: String, due: Date, at now: Date) throws -> [DatabaseValue] {
        guard let orderID = order.id else { throw StoreError.incomplete("an order needs an id") }
        return [
            .text(orderID), .text(partnerID), .text(customerID), .text(country), .text(StoreTime.text(due)), .text("pending"), .integer(0),
            .text(StoreTime.text(now)),
        ]
    }

    /// Writes the rows, each with its prepared statement. `replacingAttempt` drops the `checkouts` row of an
    /// earlier attempt first (none exists on a first attempt). With `announcing` (the partner's webhook listens for
    /// `subscription-created`), each new subscription's event is queued with an id drawn from it, here and not
    /// before: an encoded attempt that is never written draws no id.
    func write(replacingAttempt: Bool, announcing ids: (any IDGenerator)?, in db: any StoreDatabase) async throws {
        for row in orders { try await db.run(InsertOrder.self, row) }
        for row in subscriptions { try await db.run(InsertSubscription.self, row) }
        for row in jobs { try await db.run(InsertJob.self, row) }
        if let ids {
            for id in subscriptionIDs {
                let event = WebhookEvent.subscription(WebhookEventName.subscriptionCreated, customerID: customerID, subscriptionID: id, ids: ids)
                try await Store.raise(event, partnerID: partnerID, at: now, in: db)
            }
        }
        try await Store.countOrders(addedByCycle, partnerID: partnerID, customerID: customerID, in: db)
        if replacingAttempt { try await db.run(Store.ForgetCheckout.self, [.text(cartID)]) }
        try await db.run(
            InsertCheckout.self, [.text(cartID), .text(partnerID), .integer(isComplete ? 1 : 0), .text(result), .text(groups), .text(stamp)]
        )
        if let orderedCart {
            try await db.run(Store.RewriteCart.self, [.text(CartStatus.ordered.wireValue), .text(stamp), .text(orderedCart), .text(cartID)])
        }
    }

    enum InsertOrder: HotStatement {
        static let sql = """
            INSERT INTO orders (id, partner_id, customer_id, cart_id, order_group, billing_cycle, status, customer_user_upn, created_at, position, body)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CAST($10 AS BIGINT), $11)
            """
    }

    enum InsertSubscription: HotStatement {
        static let sql = """
            INSERT INTO subscriptions (id, partner_id, customer_id, order_id, created_at, body, term_ends_at, parent_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """
    }

    enum InsertJob: HotStatement {
        static let sql = """
            INSERT INTO fulfilment_jobs (order_id, partner_id, customer_id, country, due_at, state, attempts, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, CAST($7 AS BIGINT), $8)
            """
    }

    private enum InsertCheckout: HotStatement {
        static let sql =
            "INSERT INTO checkouts (cart_id, partner_id, complete, result, plan, updated_at) VALUES ($1, $2, CAST($3 AS BIGINT), $4, $5, $6)"
    }
}

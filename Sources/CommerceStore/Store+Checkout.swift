import CommerceCore
import Foundation
import NIOCore
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
    /// CommerceCore) gets the cart, the orders earlier attempts placed (with their groups) and the groups the first
    /// attempt planned, and everything it returns — orders, subscriptions, fulfilment jobs, the result, the groups
    /// and the cart's new status — is written together with the request's answer, or nothing is.
    /// `UNIQUE(cart_id, order_group)` on orders and the `checkouts` primary key are the last guards.
    ///
    /// `snapshot` is the cart as the caller read it (unlocked) to gather what `plan` needs beyond the cart (its
    /// context: the subscriptions its lines name). `plan` is only ever given that same cart: when the stored cart
    /// differs inside the transaction, nothing is written and ``StoreError/changedSinceRead(_:id:)`` tells the
    /// caller to read again and retry, so a plan is never made from a context read for other lines.
    ///
    /// With `planEarly`, a first attempt is planned and encoded before the writer's lock is taken, from the
    /// snapshot; inside the transaction it is used only if the cart's stored body is still exactly that text and no
    /// attempt has been recorded since. Otherwise (a retry, a refused plan) the plan is made inside the transaction.
    /// So the lock is held for the statements alone in the common case, and the outcome never depends on the early
    /// plan. A caller whose ids come from a seeded sequence turns it off: a plan thrown away would have drawn ids.
    public func checkout(
        cartID: String, partnerID: String, customerID: String, country: String, customerUserUPN: String?, at now: Date,
        snapshot: CartSnapshot? = nil, planEarly: Bool = true, answering: Answering<CheckoutOutcome>,
        plan: @escaping @Sendable (CheckoutState) throws -> CheckoutPlan
    ) async throws -> StoredResponse {
        let cartID = cartID.lowercased()
        let encode: @Sendable (CheckoutPlan) throws -> CheckoutRows = { outcome in
            try CheckoutRows(outcome, cartID: cartID, partnerID: partnerID, customerID: customerID, country: country, upn: customerUserUPN, at: now)
        }
        let prepared: (body: String, rows: CheckoutRows)? = (planEarly ? snapshot : nil).flatMap { found in
            guard !found.attempted, let outcome = try? plan(CheckoutState(cart: found.cart, placed: [], groups: nil)) else { return nil }
            return (try? encode(outcome)).map { (found.body, $0) }
        }
        return try await write(answering: answering, at: now) { db in
            // One statement reads the cart, takes its lock, and says whether a checkout of it was attempted.
            let key: [DatabaseValue] = [.text(cartID), .text(partnerID), .text(customerID.lowercased())]
            guard let locked = try await db.first(LockedSnapshot.self, key) else { throw StoreError.notFound(.cart, id: cartID) }
            let body = try locked.text(0)
            // The partner's webhook, read with the cart so announcing the new subscriptions costs no statement.
            let announce = WebhookEvent.isListed(WebhookEventName.subscriptionCreated, in: try locked.optionalText(2))
            if let prepared, try locked.integer(1) == 0, body == prepared.body {
                try await prepared.rows.write(replacingAttempt: false, announcing: announce ? self.ids : nil, in: db)
                return CheckoutOutcome(body: Data(prepared.rows.result.utf8))
            }
            let earlier = try await db.first(EarlierCheckout.self, [.text(cartID)])
            if let earlier, try earlier.integer(0) == 1 {
                return CheckoutOutcome(body: Data(try earlier.text(1).utf8))
            }
            // The plan's context was read for the snapshot's lines: another cart is not to be judged by it.
            if let snapshot, snapshot.body != body { throw StoreError.changedSinceRead(.cart, id: cartID) }
            let groups = try earlier?.optionalText(2).map { try StoreJSON.decode(CheckoutGroups.self, from: $0) }
            let placed = try await db.rows(PlacedOrders.self, [.text(cartID)])
                .map { (group: try $0.text(0), order: try StoreJSON.decode(Order.self, from: $0.text(1))) }
            let rows = try encode(try plan(CheckoutState(cart: try StoreJSON.decode(Cart.self, from: body), placed: placed, groups: groups)))
            try await rows.write(replacingAttempt: earlier != nil, announcing: announce ? self.ids : nil, in: db)
            return CheckoutOutcome(body: Data(rows.result.utf8))
        }
    }

    /// A cart read (unlocked) before its checkout: what the caller's rules need, and what the checkout compares
    /// inside its transaction. One statement; `nil` when there is no such cart for this partner and customer.
    public func cartSnapshot(id: String, partnerID: String, customerID: String) async throws -> CartSnapshot? {
        let key: [DatabaseValue] = [.text(id.lowercased()), .text(partnerID), .text(customerID.lowercased())]
        guard let row = try await engine.withDatabase({ db in try await db.first(Snapshot.self, key) }) else { return nil }
        let body = try row.text(0)
        return CartSnapshot(cart: try StoreJSON.decode(Cart.self, from: body), body: body, attempted: try row.integer(1) > 0)
    }

    private enum Snapshot: HotStatement {
        static let sql = """
            SELECT body, (SELECT COUNT(*) FROM checkouts k WHERE k.cart_id = carts.id) AS attempts,
            (SELECT r.events FROM webhook_registrations r WHERE r.partner_id = $2) AS webhook_events
            FROM carts WHERE id = $1 AND partner_id = $2 AND customer_id = $3
            """
    }

    private enum LockedSnapshot: HotStatement {
        static let sql = Snapshot.sql + " FOR UPDATE"
    }

    private enum EarlierCheckout: HotStatement {
        static let sql = "SELECT complete, result, plan FROM checkouts WHERE cart_id = $1"
    }

    private enum PlacedOrders: HotStatement {
        static let sql = "SELECT order_group, body FROM orders WHERE cart_id = $1 ORDER BY created_at, position"
    }

    static func insert(
        _ subscription: Subscription, partnerID: String, customerID: String, at now: Date, ids: any IDGenerator, in db: any StoreDatabase
    ) async throws {
        try await db.run(
            CheckoutRows.InsertSubscription.self,
            try CheckoutRows.subscriptionRow(subscription, partnerID: partnerID, customerID: customerID, at: now))
        try await raise(WebhookEventName.subscriptionCreated, partnerID: partnerID, at: now, in: db) {
            .subscription(WebhookEventName.subscriptionCreated, customerID: customerID, subscriptionID: subscription.id, ids: ids)
        }
    }
}

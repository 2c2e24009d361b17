import Foundation
import NIOCore
import SQLKit

extension Store {
    /// Adds `copies` copies of one stored order to its customer's history, without carts, in statements of at
    /// most `batch` rows: how the load generator gives a store a history of a million orders in seconds, to
    /// show that a checkout and a listing do not slow down with it. Not for anything but load tests.
    public func addOrderCopiesForLoadTest(of orderID: String, copies: Int, batch: Int = 50_000) async throws {
        var made = 0
        while made < copies {
            let count = min(batch, copies - made)
            let first = made
            // A recursive counter works on both engines; each copy gets an id of its own and keeps the body.
            try await engine.withTransaction { db in
                try await db.raw(
                    """
                    WITH RECURSIVE n(i) AS (SELECT \(bind: first + 1) UNION ALL SELECT i + 1 FROM n WHERE i < \(bind: first + count))
                    INSERT INTO orders (id, partner_id, customer_id, cart_id, order_group, billing_cycle, status, customer_user_upn, created_at, position, body)
                    SELECT 'history-' || o.id || '-' || CAST(n.i AS TEXT), o.partner_id, o.customer_id, NULL, o.order_group, o.billing_cycle, o.status,
                        o.customer_user_upn, o.created_at, o.position, o.body
                    FROM n CROSS JOIN orders o WHERE o.id = \(bind: orderID)
                    """
                ).run()
                guard
                    let row = try await db.select().columns("partner_id", "customer_id", "billing_cycle").from("orders").where("id", .equal, orderID)
                        .first()
                else { return }
                try await Self.countOrders(
                    [try row.decode(column: "billing_cycle", as: String?.self) ?? "": count],
                    partnerID: try row.decode(column: "partner_id", as: String.self),
                    customerID: try row.decode(column: "customer_id", as: String.self), in: db
                )
            }
            made += count
        }
    }
}

extension Store {
    /// Adds `copies` copies of one kept charge line, each with an id of its own and the same time: how a test or the
    /// load generator gives a partner thousands of recon lines at once. Not for anything but load tests.
    public func addChargeCopiesForLoadTest(of chargeID: String, copies: Int, batch: Int = 50_000) async throws {
        var made = 0
        while made < copies {
            let count = min(batch, copies - made)
            let first = made
            try await engine.withTransaction { db in
                try await db.raw(
                    """
                    WITH RECURSIVE n(i) AS (SELECT \(bind: first + 1) UNION ALL SELECT i + 1 FROM n WHERE i < \(bind: first + count))
                    INSERT INTO charge_lines (id, partner_id, customer_id, subscription_id, charge_type, currency, charged_at, invoice_id, body, subtotal, line_json)
                    SELECT 'copy-' || CAST(n.i AS TEXT) || '-' || l.id, l.partner_id, l.customer_id, l.subscription_id, l.charge_type, l.currency,
                        l.charged_at, NULL, l.body, l.subtotal, l.line_json
                    FROM n CROSS JOIN charge_lines l WHERE l.id = \(bind: chargeID)
                    """
                ).run()
            }
            made += count
        }
    }

    /// One of the partner's charge lines not yet invoiced, and how many there are (nil when there are none).
    public func unbilledChargeForLoadTest(partnerID: String) async throws -> (id: String, count: Int)? {
        try await engine.withDatabase { db in
            let count =
                try await db.raw("SELECT COUNT(*) AS n FROM charge_lines WHERE partner_id = \(bind: partnerID) AND invoice_id IS NULL").first()?
                .decode(column: "n", as: Int.self) ?? 0
            guard
                let id = try await db.raw(
                    "SELECT id FROM charge_lines WHERE partner_id = \(bind: partnerID) AND invoice_id IS NULL ORDER BY charged_at DESC LIMIT 1"
                ).first()?.decode(column: "id", as: String.self)
            else { return nil }
            return (id, count)
        }
    }

    /// The ids of a subscription's kept charges, oldest first.
    public func chargeIDs(subscriptionID: String) async throws -> [String] {
        try await engine.withDatabase { db in
            try await db.select().column("id").from("charge_lines").where("subscription_id", .equal, subscriptionID.lowercased())
                .orderBy("charged_at").orderBy("id").all().map { try $0.decode(column: "id", as: String.self) }
        }
    }
}

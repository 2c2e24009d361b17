import Foundation
import SQLKit

/// What the dashboard (`GET /_admin/ui`) shows of a partner: its most recent rows, newest first.
extension Store {
    /// The stored JSON of a partner's most recent carts, orders or subscriptions (`table`), with the customer each
    /// belongs to, newest first.
    public func recentBodies(_ table: RecentTable, partnerID: String, limit: Int) async throws -> [(customerID: String, body: String)] {
        try await engine.withDatabase { db in
            try await db.select().columns("customer_id", "body").from(table.rawValue).where("partner_id", .equal, partnerID)
                .orderBy(table == .carts ? "updated_at" : "created_at", .descending).limit(max(1, min(limit, 500))).all()
                .map { (try $0.decode(column: "customer_id", as: String.self), try $0.decode(column: "body", as: String.self)) }
        }
    }

    /// The partner's lines not yet invoiced charged since `since` (the open month's start), newest first, and how
    /// many there are in all.
    public func openCharges(partnerID: String, since: Date, limit: Int) async throws -> (count: Int, rows: [ChargeRow]) {
        try await engine.withDatabase { db in
            let since = StoreTime.text(since)
            let count =
                try await db.raw(
                    """
                    SELECT COUNT(*) AS n FROM charge_lines
                    WHERE partner_id = \(bind: partnerID) AND invoice_id IS NULL AND charged_at >= \(bind: since)
                    """
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            let rows = try await db.raw(
                """
                SELECT l.id, l.charged_at, l.line_json, l.subtotal, l.body, c.company_name, c.domain, c.country
                FROM charge_lines l JOIN customers c ON c.id = l.customer_id
                WHERE l.partner_id = \(bind: partnerID) AND l.invoice_id IS NULL AND l.charged_at >= \(bind: since)
                ORDER BY l.partner_id DESC, l.invoice_id DESC, l.charged_at DESC, l.id DESC LIMIT \(bind: max(1, min(limit, 500)))
                """
            ).all().map(ChargeRow.init(row:))
            return (count, rows)
        }
    }

    /// The tables `recentBodies` reads.
    public enum RecentTable: String, Sendable {
        case carts, orders, subscriptions
    }
}

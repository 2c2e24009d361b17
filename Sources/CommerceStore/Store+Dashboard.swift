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

    /// The tables `recentBodies` reads.
    public enum RecentTable: String, Sendable {
        case carts, orders, subscriptions
    }
}

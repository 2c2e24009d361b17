import NIOCore
import SQLKit

extension Store {
    /// Adds to a customer's order counts (`order_counts`), one statement per billing cycle.
    static func countOrders(_ added: [String: Int], partnerID: String, customerID: String, in db: any StoreDatabase) async throws {
        // In one order whatever the dictionary's, so two writers on PostgreSQL lock a customer's rows alike.
        for (cycle, count) in added.sorted(by: { $0.key < $1.key }) {
            try await db.run(CountOrders.self, [.text(partnerID), .text(customerID.lowercased()), .text(cycle), .integer(Int64(count))])
        }
    }

    private enum CountOrders: HotStatement {
        static let sql = """
            INSERT INTO order_counts (partner_id, customer_id, billing_cycle, orders) VALUES ($1, $2, $3, CAST($4 AS BIGINT))
            ON CONFLICT (partner_id, customer_id, billing_cycle) DO UPDATE SET orders = order_counts.orders + excluded.orders
            """
    }

    /// How many orders a customer has, of one billing cycle or of all: one indexed read, whatever the history.
    static func orderCount(partnerID: String, customerID: String, billingCycle: String?, in db: any StoreDatabase) async throws -> Int {
        // PostgreSQL sums BIGINT into NUMERIC; the cast keeps one integer type on both engines.
        var query = db.select().column(SQLQueryString(#"CAST(COALESCE(SUM(orders), 0) AS BIGINT)"#), as: "n").from("order_counts")
            .where("partner_id", .equal, partnerID).where("customer_id", .equal, customerID.lowercased())
        if let billingCycle { query = query.where("billing_cycle", .equal, billingCycle) }
        return try await query.first()?.decode(column: "n", as: Int?.self) ?? 0
    }
}

extension Store {
    /// How many orders are in each status (`GET /metrics`).
    public func orderCountsByStatus() async throws -> [(String, Int)] {
        try await engine.withDatabase { db in
            try await db.raw("SELECT status, COUNT(*) AS n FROM orders GROUP BY status").all().map {
                (try $0.decode(column: "status", as: String.self), try $0.decode(column: "n", as: Int.self))
            }
        }
    }
}

import NIOCore
import SQLKit

extension Store {
    /// Adds to a customer's order counts (`order_counts`), one statement for every billing cycle at once.
    static func countOrders(_ added: [String: Int], partnerID: String, customerID: String, in db: any SQLDatabase) async throws {
        guard !added.isEmpty else { return }
        var insert = db.insert(into: "order_counts").columns("partner_id", "customer_id", "billing_cycle", "orders")
        for (cycle, count) in added.sorted(by: { $0.key < $1.key }) {
            insert = insert.values(SQLBind(partnerID), SQLBind(customerID.lowercased()), SQLBind(cycle), SQLBind(count))
        }
        try await insert.onConflict(with: ["partner_id", "customer_id", "billing_cycle"]) {
            $0.set("orders", to: SQLBinaryExpression(SQLColumn("orders", table: "order_counts"), .add, SQLColumn("orders", table: "excluded")))
        }.run()
    }

    /// How many orders a customer has, of one billing cycle or of all: one indexed read, whatever the history.
    static func orderCount(partnerID: String, customerID: String, billingCycle: String?, in db: any SQLDatabase) async throws -> Int {
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

import CommerceCore
import Foundation
import SQLKit

/// Request limits shared by every node of a PostgreSQL store (ARCHITECTURE decision 9): `ThrottleCell`'s rule, one
/// row per key, applied by one atomic statement per call.
extension Store {
    /// Takes one request at `now` (microseconds) from every limit in `wanted`, or from none: `nil` when the call
    /// may go ahead, else the seconds to wait. PostgreSQL only (`EngineCapabilities.sharedByNodes`).
    ///
    /// The statement mirrors `ThrottleCell.take`: a cell admits a request when its arrival time is no further
    /// ahead of `now` than the window less one step, and then moves on by one step. The upsert's `WHERE` re-checks
    /// each row under its lock, so concurrent calls on any number of nodes never let a limit be exceeded; should
    /// two calls race past the first look, the loser may have used a cell without going ahead (strict, never lax).
    public func takeThrottleCells(_ wanted: [(key: String, perMinute: Int)], at now: Int64) async throws -> Double? {
        // Locks are taken in key order, so two calls wanting the same cells cannot deadlock.
        let cells = wanted.sorted { $0.key < $1.key }
        let rows = SQLList(cells.map { SQLGroupExpression([SQLBind($0.key), SQLBind(ThrottleCell.step(perMinute: $0.perMinute))]) })
        let window = ThrottleCell.window
        let statement: SQLQueryString = """
            WITH wanted (key, step) AS (VALUES \(rows)),
            blocked AS (
                SELECT (GREATEST(c.tat, \(bind: now)) - \(bind: now)) - (\(bind: window) - w.step) AS excess
                FROM wanted w JOIN throttle_cells c ON c.key = w.key
                WHERE (GREATEST(c.tat, \(bind: now)) - \(bind: now)) - (\(bind: window) - w.step) > 0
            ),
            taken AS (
                INSERT INTO throttle_cells AS c (key, tat)
                SELECT key, \(bind: now) + step FROM wanted WHERE NOT EXISTS (SELECT 1 FROM blocked)
                ON CONFLICT (key) DO UPDATE SET tat = GREATEST(c.tat, \(bind: now)) + (EXCLUDED.tat - \(bind: now))
                WHERE (GREATEST(c.tat, \(bind: now)) - \(bind: now)) - (\(bind: window) - (EXCLUDED.tat - \(bind: now))) <= 0
                RETURNING c.key
            )
            SELECT (SELECT COUNT(*) FROM taken) AS taken, (SELECT MAX(excess) FROM blocked) AS excess
            """
        let row = try await engine.withWriter { db in try await db.raw(statement).first() }
        let taken = try row?.decode(column: "taken", as: Int.self) ?? 0
        guard taken < cells.count else { return nil }
        let excess = try row?.decode(column: "excess", as: Int64?.self) ?? ThrottleCell.window / 60
        return Double(max(excess, 1_000)) / 1_000_000
    }

    /// The stored arrival time of `key`'s cell, `nil` when it has none (an idle cell). PostgreSQL only.
    public func throttleCellArrival(_ key: String) async throws -> Int64? {
        try await engine.withDatabase { db in
            try await db.raw("SELECT tat FROM throttle_cells WHERE key = \(bind: key)").first()?.decode(column: "tat", as: Int64.self)
        }
    }

    /// Deletes the cells that are idle at `now` (microseconds): they behave exactly like absent ones.
    public func purgeThrottleCells(idleAt now: Int64) async throws -> Int {
        try await purge("throttle_cells", where: SQLBinaryExpression(SQLColumn("tat"), .lessThanOrEqual, SQLBind(now)))
    }
}

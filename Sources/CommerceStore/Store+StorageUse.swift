import Foundation
import SQLKit

/// What each partner keeps in the store, for the per-partner storage quota (issue 26): the carts it made, the
/// answers kept for its `MS-RequestId`s, the agreements it confirmed and the charges its seat changes write (a
/// PATCH up and down inside the window adds a pair each time), the things a client can grow at will.
extension Store {
    /// Characters of stored carts, request records and agreement confirmations per partner, measured now (a full pass over both tables,
    /// so the maintenance pass runs it, not a request).
    public func storedCharactersByPartner() async throws -> [String: Int] {
        try await engine.withDatabase { db in
            let rows = try await db.raw(
                """
                SELECT partner_id, SUM(size) AS size FROM (
                    SELECT partner_id, LENGTH(body) AS size FROM carts
                    UNION ALL
                    SELECT partner_id, LENGTH(body) AS size FROM customer_agreements
                    UNION ALL
                    SELECT partner_id, LENGTH(body) + COALESCE(LENGTH(line_json), 0) AS size FROM charge_lines
                    UNION ALL
                    SELECT partner_id, LENGTH(path) + COALESCE(LENGTH(headers), 0) + COALESCE(LENGTH(body), 0) AS size FROM idempotency_records
                ) AS kept GROUP BY partner_id
                """
            ).all()
            var used: [String: Int] = [:]
            for row in rows {
                used[try row.decode(column: "partner_id", as: String.self)] = Int(try row.decode(column: "size", as: Int64?.self) ?? 0)
            }
            return used
        }
    }
}

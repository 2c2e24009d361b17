import SQLKit

extension Store {
    /// Deletes the rows of `table` that `condition` selects, in one transaction, and returns how many went: the one
    /// shape of every clean-up pass (request records, refresh tokens, limit counters).
    func purge(_ table: String, where condition: any SQLExpression) async throws -> Int {
        try await engine.withTransaction { db in
            let count =
                try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table).where(condition).first()?
                .decode(column: "n", as: Int.self) ?? 0
            if count > 0 { try await db.delete(from: table).where(condition).run() }
            return count
        }
    }
}

import SQLKit

extension Store {
    /// Every table of data the migrations create, in creation order. The limit counters (`throttle_cells`,
    /// `sign_in_failures`) are left out: every call draws from them, refused or not, and they hold no data.
    static let tables = [
        "partners", "signing_keys", "customers", "catalog_products", "catalog_offers", "store_settings", "carts", "checkouts", "orders",
        "subscriptions", "fulfilment_jobs", "idempotency_records", "applications", "partner_users", "refresh_tokens", "schema_migrations",
    ]

    /// Every row of every table as text, sorted: two of these are equal exactly when the store holds the same
    /// data. Tests take one before and one after a refused request to prove it wrote nothing.
    public func contents() async throws -> [String: [String]] {
        try await engine.withDatabase { db in
            var result: [String: [String]] = [:]
            for table in Self.tables {
                let rows = try await db.select().column(SQLLiteral.all).from(table).all()
                result[table] = rows.map { row in
                    row.allColumns.sorted().map { column in "\(column)=\(Self.text(of: column, in: row))" }.joined(separator: "|")
                }.sorted()
            }
            return result
        }
    }

    private static func text(of column: String, in row: any SQLRow) -> String {
        if (try? row.decodeNil(column: column)) == true { return "NULL" }
        if let text = try? row.decode(column: column, as: String.self) { return text }
        if let number = try? row.decode(column: column, as: Int.self) { return String(number) }
        if let number = try? row.decode(column: column, as: Double.self) { return String(number) }
        if let flag = try? row.decode(column: column, as: Bool.self) { return String(flag) }
        return "?"
    }
}

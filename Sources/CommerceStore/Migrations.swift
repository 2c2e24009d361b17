import SQLKit

/// The schema, as numbered steps applied once each, in order, at start (issue: versioned migrations).
///
/// Statements use only types and syntax SQLite and PostgreSQL share (TEXT, BIGINT, INTEGER), so one list
/// serves both. Times are ISO 8601 text of fixed width, which sorts like the instants it names.
/// Never edit a step that has shipped; add a new one.
enum Migrations {
    static let steps: [(version: Int, statements: [String])] = [
        (
            1,
            [
                """
                CREATE TABLE partners (
                    tenant_id TEXT PRIMARY KEY, name TEXT NOT NULL, mpn_id TEXT, created_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE signing_keys (
                    kid TEXT PRIMARY KEY, algorithm TEXT NOT NULL, private_pem TEXT NOT NULL, created_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE customers (
                    id TEXT PRIMARY KEY, partner_id TEXT NOT NULL REFERENCES partners (tenant_id), domain TEXT NOT NULL,
                    company_name TEXT, country TEXT NOT NULL, created_at TEXT NOT NULL, body TEXT NOT NULL)
                """,
                "CREATE UNIQUE INDEX customers_domain ON customers (domain)",
                "CREATE INDEX customers_partner_order ON customers (partner_id, created_at, id)",
                "CREATE TABLE catalog_products (id TEXT PRIMARY KEY, position INTEGER NOT NULL, body TEXT NOT NULL)",
                "CREATE TABLE catalog_offers (id TEXT PRIMARY KEY, position INTEGER NOT NULL, body TEXT NOT NULL)",
                "CREATE TABLE store_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
            ]
        )
    ]

    /// Applies every step the database has not seen yet, each in its own transaction.
    static func apply(on engine: any DatabaseEngine) async throws {
        try await engine.withTransaction { db in
            try await db.raw("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)").run()
        }
        for step in steps {
            try await engine.withTransaction { db in
                let done = try await db.select().column("version").from("schema_migrations").where("version", .equal, step.version).first()
                guard done == nil else { return }
                for statement in step.statements {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await db.insert(into: "schema_migrations").columns("version", "applied_at")
                    .values(SQLBind(step.version), SQLBind(StoreTime.now())).run()
            }
        }
    }

    /// The newest schema version this build knows.
    static var latest: Int { steps.last?.version ?? 0 }
}

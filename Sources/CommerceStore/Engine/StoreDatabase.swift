import SQLKit

/// What the store's queries run on: SQLKit's `SQLDatabase` for queries built with SQLKit, and hot statements
/// (`HotStatement`) that each engine keeps compiled. Engines hand one to every `withDatabase`, `withWriter` and
/// `withTransaction` body.
protocol StoreDatabase: SQLDatabase {
    /// Runs a hot statement with `binds` for `$1…$n`, returning its rows.
    func rows<Statement: HotStatement>(_ statement: Statement.Type, _ binds: [DatabaseValue]) async throws -> [DatabaseRow]
    /// Runs a hot statement whose rows, if any, are not wanted.
    func run<Statement: HotStatement>(_ statement: Statement.Type, _ binds: [DatabaseValue]) async throws
}

extension StoreDatabase {
    /// The first row of a hot statement, if any.
    func first<Statement: HotStatement>(_ statement: Statement.Type, _ binds: [DatabaseValue]) async throws -> DatabaseRow? {
        try await rows(statement, binds).first
    }

    func run<Statement: HotStatement>(_ statement: Statement.Type, _ binds: [DatabaseValue]) async throws {
        _ = try await rows(statement, binds)
    }
}

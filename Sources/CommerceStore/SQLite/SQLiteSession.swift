import Logging
import NIOCore
import NIOPosix
import SQLKit

/// One `SQLiteConnection` as SQLKit's `SQLDatabase`, so the store's queries (built with SQLKit) run on it
/// unchanged: a query is written out as text once per call, then found in the connection's statement cache.
///
/// Statements run synchronously, on the thread that holds the connection; the async `execute` never suspends.
/// Only the thread the engine lent the connection to may use a session (the writer's own thread, or the task
/// that checked a reader out).
struct SQLiteSession: StoreDatabase, @unchecked Sendable {
    let connection: SQLiteConnection
    let logger: Logger
    var dialect: any SQLDialect { SQLiteSQLDialect() }
    var queryLogLevel: Logger.Level? { nil }

    /// Where the future-returning `execute` completes its futures. The store awaits statements instead; this
    /// only serves SQLKit's future API.
    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try run(query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        do {
            try run(query, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func rows<Statement: HotStatement>(_ statement: Statement.Type, _ binds: [DatabaseValue]) async throws -> [DatabaseRow] {
        var rows: [DatabaseRow] = []
        try connection.run(cachedAs: Statement.sql, compiling: { Statement.sqliteSQL }, binds) { rows.append(DatabaseRow(values: $0.values)) }
        return rows
    }

    private func run(_ query: any SQLExpression, _ onRow: (any SQLRow) -> Void) throws {
        let (sql, binds) = serialize(query)
        try connection.run(sql, try binds.map(SQLiteBinding.value(of:))) { onRow($0) }
    }
}

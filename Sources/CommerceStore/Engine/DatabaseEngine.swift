import NIOCore
import SQLKit

/// A database the store runs statements on: sessions and transactions, whatever the engine.
///
/// Everything engine-specific (how a transaction starts and locks, how connections are shared) lives behind
/// this protocol, so the store's queries are written once for SQLite and PostgreSQL.
protocol DatabaseEngine: Sendable {
    /// A short name for logs and tests: `sqlite` or `postgres`.
    var name: String { get }
    /// What this engine can do that the store's queries depend on.
    var capabilities: EngineCapabilities { get }
    /// Runs `body` with a database for reads. It may be a read-only connection beside the writer (SQLite), so
    /// nothing written through it is allowed.
    func withDatabase<T: Sendable>(_ body: @Sendable (any StoreDatabase) async throws -> T) async throws -> T
    /// Runs `body`, which writes with a single statement that needs no transaction of its own (an upsert).
    func withWriter<T: Sendable>(_ body: @escaping @Sendable (any StoreDatabase) async throws -> T) async throws -> T
    /// Runs `body` in one transaction that holds the write lock: all of it commits, or none of it.
    func withTransaction<T: Sendable>(_ body: @escaping @Sendable (any StoreDatabase) async throws -> T) async throws -> T
    /// Inside a transaction: waits until no other transaction, on any node, holds `key`. A check-then-write
    /// step (is this partner there? is this request id taken?) takes it first so two nodes cannot both write.
    /// SQLite needs nothing: `BEGIN IMMEDIATE` already lets one writer in at a time.
    func exclusiveLock(_ key: String, in db: any StoreDatabase) async throws
    /// Closes every connection once the operations in flight have finished; later ones fail with `StoreError.closed`.
    func shutdown() async
}

/// The transaction shape of a session of its own (PostgreSQL's; SQLite's writer shares commits, `GroupCommit`):
/// `BEGIN`, the body, `COMMIT` — or `ROLLBACK` on any error, so a failure halfway leaves nothing behind. The three
/// are hot statements, prepared once per connection like the body's.
///
/// When `ROLLBACK` or `COMMIT` itself fails, the session may still be inside a transaction; `abandon` then
/// makes sure it is never used again as it is (PostgreSQL closes the connection so the pool drops it).
func runTransaction<T: Sendable>(
    on database: any StoreDatabase, abandon: @Sendable () async -> Void, _ body: @Sendable (any StoreDatabase) async throws -> T
) async throws -> T {
    try await database.run(TransactionStatement.Begin.self, [])
    let value: T
    do {
        value = try await body(database)
    } catch {
        do {
            if FaultPoint.armed == .failRollback { throw FaultPoint.InjectedFailure() }
            try await database.run(TransactionStatement.Rollback.self, [])
        } catch {
            await abandon()
        }
        throw error
    }
    if FaultPoint.armed == .crashBeforeCommit { FaultPoint.crash() }
    do {
        try await database.run(TransactionStatement.Commit.self, [])
    } catch {
        await abandon()
        throw error
    }
    return value
}

/// A transaction's own statements.
enum TransactionStatement {
    enum Begin: HotStatement { static let sql = "BEGIN" }
    enum Commit: HotStatement { static let sql = "COMMIT" }
    enum Rollback: HotStatement { static let sql = "ROLLBACK" }
}

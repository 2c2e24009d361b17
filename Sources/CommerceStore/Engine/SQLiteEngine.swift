import Foundation
import Logging
import NIOCore
import SQLKit
import SQLiteKit
import SQLiteNIO

/// The embedded engine: one SQLite file, one connection, one statement stream at a time.
///
/// SQLite has a single writer anyway; funnelling every session through one connection makes
/// `BEGIN IMMEDIATE` transactions strictly serial inside the process, while WAL mode and a busy timeout let a
/// second process (the CLI's `token` command, a second `serve`) share the file safely.
public final class SQLiteEngine: DatabaseEngine {
    public let name = "sqlite"
    public let capabilities = EngineCapabilities(skipLockedRows: false, sharedByNodes: false)
    private let connection: SQLiteConnection
    private let database: any SQLDatabase
    private let gate = SerialGate()

    /// Opens (creating if needed) the database file at `path`.
    public static func open(path: String, durability: Durability, logger: Logger) async throws -> SQLiteEngine {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        let engine = SQLiteEngine(connection: connection)
        // FULL syncs the WAL on every commit, so an acknowledged write survives power loss; NORMAL only at
        // checkpoints, so the last commits can be lost with the machine (but never with the process).
        let synchronous = durability == .full ? "FULL" : "NORMAL"
        for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA busy_timeout = 10000", "PRAGMA foreign_keys = ON", "PRAGMA synchronous = \(synchronous)"] {
            try await engine.database.raw(SQLQueryString(pragma)).run()
        }
        return engine
    }

    private init(connection: SQLiteConnection) {
        self.connection = connection
        self.database = connection.sql(queryLogLevel: nil)
    }

    public func withDatabase<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let database = self.database
        return try await gate.run { try await body(database) }
    }

    public func withTransaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let database = self.database
        // IMMEDIATE takes the write lock at once, so two processes on one file never both read-then-write.
        return try await gate.run {
            try await runTransaction(on: database, begin: "BEGIN IMMEDIATE", abandon: { try? await database.raw("ROLLBACK").run() }, body)
        }
    }

    public func exclusiveLock(_ key: String, in db: any SQLDatabase) async throws {}

    /// Closes the connection after the statement in flight, if any. Through the future-based `close`: the async
    /// one gives up when the calling task is cancelled (as a server stopped by cancellation is), leaving the
    /// connection open for good.
    public func shutdown() async {
        let connection = self.connection
        await gate.close {
            let closing: EventLoopFuture<Void> = connection.close()
            try? await closing.get()
        }
    }
}

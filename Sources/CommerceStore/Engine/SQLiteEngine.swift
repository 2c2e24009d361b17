import Foundation
import Logging
import NIOCore
import SQLKit
import SQLiteKit
import SQLiteNIO
import Synchronization

/// The embedded engine: one SQLite file, one writer connection, and read-only connections beside it.
///
/// SQLite has a single writer anyway; funnelling every write through one connection makes `BEGIN IMMEDIATE`
/// transactions strictly serial inside the process, while WAL mode and a busy timeout let a second process (the
/// CLI's `token` command, a second `serve`) share the file safely. WAL also lets readers run while a write is
/// under way, each seeing the last commit, so reads (which every request makes before it writes) go to
/// `readerCount` connections of their own and never queue behind a transaction.
public final class SQLiteEngine: DatabaseEngine {
    public let name = "sqlite"
    public let capabilities = EngineCapabilities(skipLockedRows: false, sharedByNodes: false)
    /// Readers beside the writer: two cores on the machines we measure on; more would only queue for them.
    static let readerCount = 2
    private let writer: Session
    private let readers: [Session]
    private let nextReader = Atomic<Int>(0)
    private let groupCommit: GroupCommit
    /// The writer's statement thread, its own: one thread, so statements sent without waiting for each other
    /// (`pipelined`) run in the order sent; and not shared, because a writer waiting on SQLite's busy timeout
    /// (another process holds the file) must hold up no other store.
    private let statementThread: NIOThreadPool

    /// One connection and the gate that lets one statement stream use it at a time.
    private struct Session: Sendable {
        let connection: SQLiteConnection
        let database: any SQLDatabase
        let gate = SerialGate()

        init(_ connection: SQLiteConnection) {
            self.connection = connection
            self.database = connection.sql(queryLogLevel: nil)
        }
    }

    /// Opens (creating if needed) the database file at `path`.
    public static func open(path: String, durability: Durability, logger: Logger) async throws -> SQLiteEngine {
        let statementThread = NIOThreadPool(numberOfThreads: 1)
        statementThread.start()
        let writer: Session
        do {
            writer = Session(
                try await SQLiteConnection.open(
                    storage: .file(path: path), threadPool: statementThread, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any()
                )
            )
        } catch {
            try? await statementThread.shutdownGracefully()
            throw error
        }
        // FULL syncs the WAL on every commit, so an acknowledged write survives power loss; NORMAL only at
        // checkpoints, so the last commits can be lost with the machine (but never with the process).
        let synchronous = durability == .full ? "FULL" : "NORMAL"
        var readers: [Session] = []
        do {
            for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA busy_timeout = 10000", "PRAGMA foreign_keys = ON", "PRAGMA synchronous = \(synchronous)"] {
                try await writer.database.raw(SQLQueryString(pragma)).run()
            }
            for _ in 0..<readerCount {
                let reader = Session(try await SQLiteConnection.open(storage: .file(path: path), logger: logger))
                readers.append(reader)
                // query_only turns a write sent to a reader by mistake into an error rather than a second writer;
                // synchronous is the writer's, so the store reports one setting whichever connection is asked.
                for pragma in ["PRAGMA busy_timeout = 10000", "PRAGMA query_only = ON", "PRAGMA synchronous = \(synchronous)"] {
                    try await reader.database.raw(SQLQueryString(pragma)).run()
                }
            }
        } catch {
            for session in [writer] + readers { try? await session.connection.close().get() }
            try? await statementThread.shutdownGracefully()
            throw error
        }
        return SQLiteEngine(writer: writer, readers: readers, statementThread: statementThread)
    }

    private init(writer: Session, readers: [Session], statementThread: NIOThreadPool) {
        self.writer = writer
        self.readers = readers
        self.statementThread = statementThread
        self.groupCommit = GroupCommit(database: writer.database, gate: writer.gate)
    }

    public func withDatabase<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let reader = readers[nextReader.add(1, ordering: .relaxed).oldValue % readers.count]
        let database = reader.database
        return try await reader.gate.run { try await body(database) }
    }

    public func withWriter<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let database = writer.database
        return try await writer.gate.run { try await body(database) }
    }

    /// Queued transactions share one commit (`GroupCommit`); `BEGIN IMMEDIATE` takes the write lock at once, so
    /// two processes on one file never both read-then-write.
    public func withTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await groupCommit.run(body)
    }

    public func exclusiveLock(_ key: String, in db: any SQLDatabase) async throws {}

    public func sendExclusiveLock(_ key: String, in db: any SQLDatabase) -> EventLoopFuture<Void>? { nil }

    /// Closes the connections after the statements in flight, if any. Through the future-based `close`: the
    /// async one gives up when the calling task is cancelled (as a server stopped by cancellation is), leaving
    /// the connection open for good. Readers close first, so the writer's close checkpoints the WAL alone.
    public func shutdown() async {
        groupCommit.close()
        for session in readers + [writer] {
            let connection = session.connection
            await session.gate.close {
                let closing: EventLoopFuture<Void> = connection.close()
                try? await closing.get()
            }
        }
        try? await statementThread.shutdownGracefully()
    }
}

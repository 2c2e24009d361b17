import Foundation
import Logging
import SQLKit
import Synchronization

/// The embedded engine: one SQLite file, one writer connection on a thread of its own, and read-only connections
/// beside it, all on SQLite's C API with cached prepared statements (`SQLiteConnection`).
///
/// SQLite has a single writer anyway; funnelling every write through one connection makes `BEGIN IMMEDIATE`
/// transactions strictly serial inside the process, while WAL mode and a busy timeout let a second process (the
/// CLI's `token` command, a second `serve`) share the file safely. WAL also lets readers run while a write is
/// under way, each seeing the last commit, so reads (which every request makes before it writes) use connections
/// of their own and never queue behind a transaction.
final class SQLiteEngine: DatabaseEngine {
    let name = "sqlite"
    let capabilities = EngineCapabilities(skipLockedRows: false, sharedByNodes: false)
    /// Readers opened at start; more are opened as concurrent reads need them, up to `readerLimit`.
    static let initialReaders = 2
    /// Reads run on their callers' threads, so more readers than threads that read at once would sit idle.
    static let readerLimit = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)

    private let writer: SQLiteConnection
    private let readers: SQLiteReaders
    private let groupCommit: GroupCommit
    private let executor: WriterExecutor
    /// The one closing (`shutdown`), which every caller awaits: closing twice at once must not free twice.
    private let closing = Mutex<Task<Void, Never>?>(nil)

    /// Opens (creating if needed) the database file at `path`.
    static func open(path: String, durability: Durability, logger: Logger) async throws -> SQLiteEngine {
        // FULL syncs the WAL on every commit, so an acknowledged write survives power loss; NORMAL only at
        // checkpoints, so the last commits can be lost with the machine (but never with the process).
        let synchronous = durability == .full ? "FULL" : "NORMAL"
        let writer = try SQLiteConnection.open(path: path)
        do {
            // temp_store MEMORY: a group commit's savepoints make SQLite keep statement journals, which it otherwise
            // writes to temporary files (22 MB in 3 s of checkouts, 45 system calls of each one; BENCHMARKS.md).
            for pragma in [
                "PRAGMA journal_mode = WAL", "PRAGMA foreign_keys = ON", "PRAGMA synchronous = \(synchronous)", "PRAGMA temp_store = MEMORY",
            ] {
                try writer.execute(pragma)
            }
        } catch {
            writer.close()
            throw error
        }
        let readers = SQLiteReaders(limit: readerLimit, logger: logger) {
            let reader = try SQLiteConnection.open(path: path)
            // query_only turns a write sent to a reader by mistake into an error rather than a second writer;
            // synchronous is the writer's, so the store reports one setting whichever connection is asked.
            do {
                for pragma in ["PRAGMA query_only = ON", "PRAGMA synchronous = \(synchronous)"] { try reader.execute(pragma) }
            } catch {
                reader.close()
                throw error
            }
            return reader
        }
        do {
            try readers.prepare(initialReaders)
        } catch {
            await readers.close()
            writer.close()
            throw error
        }
        return SQLiteEngine(writer: writer, readers: readers, logger: logger)
    }

    private init(writer: SQLiteConnection, readers: SQLiteReaders, logger: Logger) {
        self.writer = writer
        self.readers = readers
        executor = WriterExecutor.lend()
        groupCommit = GroupCommit(writer: SQLiteSession(connection: writer, logger: logger), executor: executor)
    }

    func withDatabase<T: Sendable>(_ body: @Sendable (any StoreDatabase) async throws -> T) async throws -> T {
        try await readers.withReader { try await body($0) }
    }

    /// A single-statement write joins the group commit like any transaction: the writer is one connection.
    func withWriter<T: Sendable>(_ body: @escaping @Sendable (any StoreDatabase) async throws -> T) async throws -> T {
        try await groupCommit.run(body)
    }

    /// Queued transactions share one commit (`GroupCommit`); `BEGIN IMMEDIATE` takes the write lock at once, so
    /// two processes on one file never both read-then-write.
    func withTransaction<T: Sendable>(_ body: @escaping @Sendable (any StoreDatabase) async throws -> T) async throws -> T {
        try await groupCommit.run(body)
    }

    func exclusiveLock(_ key: String, in db: any StoreDatabase) async throws {}

    /// Lets the writes already queued commit and the reads under way finish, then closes every connection (the
    /// readers first, so the writer's close checkpoints the WAL alone). Later operations fail with
    /// `StoreError.closed`.
    func shutdown() async {
        let task = closing.withLock { closing in
            if let closing { return closing }
            let task = Task { [groupCommit, readers, writer, executor] in
                await groupCommit.close()
                await readers.close()
                writer.close()
                WriterExecutor.giveBack(executor)
            }
            closing = task
            return task
        }
        await task.value
    }
}

import CSQLite

/// One connection to the store's SQLite file, on SQLite's C API, with a cache of prepared statements.
///
/// Why not a driver: every statement through SQLiteNIO went to a thread pool and back (about 26 µs even alone)
/// and was prepared anew each time (BENCHMARKS.md, "Engine"). Here a statement runs synchronously on the calling
/// thread, and its compiled form is kept by its text, so a statement the store sends again costs a reset, its
/// binds and its steps.
///
/// Not thread-safe by itself, on purpose (opened `SQLITE_OPEN_NOMUTEX`): the engine hands a connection to one
/// thread at a time — the writer's own thread, or a reader checked out of `SQLiteReaders` — so no lock is
/// taken per call.
final class SQLiteConnection: @unchecked Sendable {
    /// Most statements kept compiled per connection. The store's own are a few dozen; SQLKit queries built with a
    /// varying number of binds (IN lists) make more. A full cache is emptied and refilled, which costs one
    /// preparation each.
    static let cacheCapacity = 256

    private let handle: OpaquePointer
    // Confined to one thread at a time (above), so Swift's run-time exclusivity checks (a thread-local look-up on
    // every access) are skipped.
    @exclusivity(unchecked) private var cache: [String: SQLitePreparedStatement] = [:]
    @exclusivity(unchecked) private var isClosed = false

    private init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit { close() }

    /// Opens (creating if needed) the database at `path`, with extended result codes and `busyTimeout` (ms) for
    /// locks another process holds.
    static func open(path: String, busyTimeout: Int32 = 10_000) throws -> SQLiteConnection {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard let handle else { throw SQLiteFailure(code: status, message: "out of memory", statement: "open \(path)") }
        guard status == SQLITE_OK else {
            let failure = SQLiteFailure(code: status, message: String(cString: sqlite3_errmsg(handle)), statement: "open \(path)")
            sqlite3_close_v2(handle)
            throw failure
        }
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, busyTimeout)
        return SQLiteConnection(handle: handle)
    }

    /// Finalizes the cached statements and closes the connection. Closing twice is harmless.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        for statement in cache.values { statement.finalize() }
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one statement that needs no binds and whose rows, if any, are not wanted (`BEGIN`, a pragma).
    func execute(_ sql: String) throws {
        try run(sql, []) { _ in }
    }

    /// Runs one statement with `binds` for its `?NNN` placeholders, handing each row to `onRow`.
    func run(_ sql: String, _ binds: [DatabaseValue], onRow: (SQLiteRow) throws -> Void) throws {
        try run(cachedAs: sql, compiling: { sql }, binds, onRow: onRow)
    }

    /// The same, for a statement kept under `key` (a hot statement's PostgreSQL text), whose SQLite text is made
    /// only when it is not in the cache.
    func run(cachedAs key: String, compiling text: () -> String, _ binds: [DatabaseValue], onRow: (SQLiteRow) throws -> Void) throws {
        let statement = try prepared(key, text)
        defer { statement.release() }
        try statement.bind(binds, on: handle)
        while true {
            let status = sqlite3_step(statement.handle)
            if status == SQLITE_ROW {
                try onRow(statement.currentRow())
            } else if status == SQLITE_DONE {
                return
            } else {
                throw failure(status, key)
            }
        }
    }

    /// Runs one statement and returns its rows.
    func rows(_ sql: String, _ binds: [DatabaseValue]) throws -> [SQLiteRow] {
        var rows: [SQLiteRow] = []
        try run(sql, binds) { rows.append($0) }
        return rows
    }

    /// The compiled statement kept under `key`: from the cache, or compiled now from `text()`. A statement
    /// already running on this connection (a nested use of the same text) gets a fresh, uncached one.
    private func prepared(_ key: String, _ text: () -> String) throws -> SQLitePreparedStatement {
        guard !isClosed else { throw StoreError.closed }
        if let cached = cache[key], !cached.inUse {
            cached.inUse = true
            return cached
        }
        let cacheable = cache[key] == nil
        let sql = text()
        var compiled: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let status = sql.withCString { text in
            let status = sqlite3_prepare_v3(handle, text, -1, cacheable ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0, &compiled, &tail)
            // One statement per call: text after the first (other than blanks and semicolons) would silently
            // never run.
            if status == SQLITE_OK, let tail, !Self.isBlank(tail) {
                sqlite3_finalize(compiled)
                compiled = nil
                return SQLITE_MISUSE
            }
            return status
        }
        guard status == SQLITE_OK, let compiled else {
            if status == SQLITE_MISUSE {
                throw SQLiteFailure(code: status, message: "more than one statement in one call", statement: sql)
            }
            throw failure(status, sql)
        }
        let statement = SQLitePreparedStatement(handle: compiled, cached: cacheable)
        statement.inUse = true
        if cacheable {
            if cache.count >= Self.cacheCapacity {
                for (text, old) in cache where !old.inUse {
                    old.finalize()
                    cache[text] = nil
                }
            }
            cache[key] = statement
        }
        return statement
    }

    private static func isBlank(_ text: UnsafePointer<CChar>) -> Bool {
        var cursor = text
        while cursor.pointee != 0 {
            switch UInt8(bitPattern: cursor.pointee) {
            case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ";"): cursor += 1
            default: return false
            }
        }
        return true
    }

    private func failure(_ status: Int32, _ sql: String) -> SQLiteFailure {
        SQLiteFailure(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), statement: sql)
    }
}

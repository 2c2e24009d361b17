import CSQLite

/// A compiled statement of one `SQLiteConnection`, kept between runs: binding, stepping and reading rows. Used
/// only by the thread that holds its connection.
final class SQLitePreparedStatement {
    let handle: OpaquePointer
    /// Its result columns' names, read once when it was compiled and shared by every row it returns.
    let columns: SQLiteColumns
    /// Kept in the connection's cache (reset after each run) or made for one run (finalized after it).
    let cached: Bool
    /// Running now: a nested run of the same text must not reset it halfway. Used by one thread at a time, so
    /// without run-time exclusivity checks.
    @exclusivity(unchecked) var inUse = false

    init(handle: OpaquePointer, cached: Bool) {
        self.handle = handle
        self.cached = cached
        let count = sqlite3_column_count(handle)
        columns = SQLiteColumns((0..<count).map { String(cString: sqlite3_column_name(handle, $0)) })
    }

    /// Binds `values` to `?1…?N`; their number must be the statement's.
    func bind(_ values: [DatabaseValue], on connection: OpaquePointer) throws {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard values.count == expected else {
            throw SQLiteFailure(code: SQLITE_RANGE, message: "\(values.count) values for \(expected) placeholders", statement: sql)
        }
        for (offset, value) in values.enumerated() {
            let position = Int32(offset + 1)
            let status: Int32
            switch value {
            case .null:
                status = sqlite3_bind_null(handle, position)
            case .integer(let number):
                status = sqlite3_bind_int64(handle, position, number)
            case .real(let number):
                status = sqlite3_bind_double(handle, position, number)
            case .text(var text):
                status = text.withUTF8 { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { chars in
                        // An empty buffer may have no address, and a null pointer would bind NULL instead of ''.
                        guard let start = chars.baseAddress, !chars.isEmpty else {
                            return sqlite3_bind_text64(handle, position, "", 0, csqlite_transient(), UInt8(SQLITE_UTF8))
                        }
                        return sqlite3_bind_text64(handle, position, start, UInt64(chars.count), csqlite_transient(), UInt8(SQLITE_UTF8))
                    }
                }
            case .blob(let bytes):
                status =
                    bytes.isEmpty
                    ? sqlite3_bind_zeroblob(handle, position, 0)
                    : bytes.withUnsafeBytes { sqlite3_bind_blob64(handle, position, $0.baseAddress, UInt64($0.count), csqlite_transient()) }
            }
            guard status == SQLITE_OK else {
                throw SQLiteFailure(code: status, message: String(cString: sqlite3_errmsg(connection)), statement: sql)
            }
        }
    }

    /// The row the last step stopped on.
    func currentRow() -> SQLiteRow {
        let count = columns.names.count
        var values: [DatabaseValue] = []
        values.reserveCapacity(count)
        for index in 0..<Int32(count) {
            switch sqlite3_column_type(handle, index) {
            case SQLITE_INTEGER:
                values.append(.integer(sqlite3_column_int64(handle, index)))
            case SQLITE_FLOAT:
                values.append(.real(sqlite3_column_double(handle, index)))
            case SQLITE_TEXT:
                let length = Int(sqlite3_column_bytes(handle, index))
                let text = sqlite3_column_text(handle, index).map { String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self) }
                values.append(.text(text ?? ""))
            case SQLITE_BLOB:
                let length = Int(sqlite3_column_bytes(handle, index))
                let bytes = sqlite3_column_blob(handle, index).map { [UInt8](UnsafeRawBufferPointer(start: $0, count: length)) }
                values.append(.blob(bytes ?? []))
            default:
                values.append(.null)
            }
        }
        return SQLiteRow(columns: columns, values: values)
    }

    /// After a run: a cached statement is reset (its binds dropped) for the next; another is finalized.
    func release() {
        inUse = false
        if cached {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        } else {
            sqlite3_finalize(handle)
        }
    }

    /// Frees a cached statement (the connection is closing, or its cache is full).
    func finalize() {
        sqlite3_finalize(handle)
    }

    private var sql: String { sqlite3_sql(handle).map { String(cString: $0) } ?? "" }
}

/// The store's SQLite connection layer on its own, for the driver comparison in `Benchmarks/SQLiteDrivers`
/// (BENCHMARKS.md, "Choosing the SQLite layer"): one connection, statements run synchronously from its statement
/// cache, exactly as the engine runs them. Not for serving: it has no writer thread, readers or group commit.
public final class SQLiteDriverProbe: @unchecked Sendable {
    private let connection: SQLiteConnection

    /// Opens the file as the engine opens its writer.
    public init(path: String) throws {
        connection = try SQLiteConnection.open(path: path)
    }

    /// Runs one statement without binds, rows not wanted.
    public func execute(_ sql: String) throws {
        try connection.execute(sql)
    }

    /// Runs one statement with `binds` for `?1…?N`; returns its first row's first column as text, if any.
    @discardableResult
    public func first(_ sql: String, _ binds: [DatabaseValue]) throws -> String? {
        var first: String?
        try connection.run(sql, binds) { row in
            if first == nil { first = row.values.first?.string }
        }
        return first
    }

    public func close() {
        connection.close()
    }
}

import SQLKit

/// The result columns of one statement, shared by all the rows it returns.
final class SQLiteColumns: Sendable {
    let names: [String]

    init(_ names: [String]) { self.names = names }

    /// The first column of that name (as SQLiteNIO answered), or `nil`.
    func index(of name: String) -> Int? { names.firstIndex(of: name) }
}

/// One row a statement returned: its values, copied out of SQLite, readable by position (the store's hot
/// statements) or by column name (SQLKit's `SQLRow`, for every other query).
public struct SQLiteRow: SQLRow, Sendable {
    let columns: SQLiteColumns
    let values: [DatabaseValue]

    public var allColumns: [String] { columns.names }

    public func contains(column: String) -> Bool { columns.index(of: column) != nil }

    /// A missing column reads as NULL, as it did through SQLiteKit.
    public func decodeNil(column: String) throws -> Bool {
        guard let index = columns.index(of: column) else { return true }
        return values[index] == .null
    }

    public func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let index = columns.index(of: column) else { throw SQLiteColumnDecoding.MissingColumn(column: column) }
        return try SQLiteColumnDecoding.decode(type, from: values[index])
    }
}

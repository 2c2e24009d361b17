/// An error SQLite reported: its (extended) result code and message, and the statement it came from. The server
/// answers it as an internal error; nothing of it reaches a client.
public struct SQLiteFailure: Error, CustomStringConvertible, Sendable {
    /// SQLite's extended result code (`SQLITE_CONSTRAINT_UNIQUE` is 2067, `SQLITE_BUSY` 5).
    public var code: Int32
    public var message: String
    /// The statement's text, or what was being done (`open`, `bind`).
    public var statement: String

    public var description: String { "SQLite error \(code): \(message) (\(statement.prefix(200)))" }
}

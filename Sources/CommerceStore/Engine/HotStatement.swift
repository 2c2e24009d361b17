import Foundation

/// A statement on the store's hot paths — the reads and writes of every purchase and every single-resource read —
/// written once for both engines and kept compiled on each connection: SQLite keeps it in the connection's
/// statement cache, PostgreSQL as a named prepared statement (parsed and planned once per connection instead of
/// on every call: 0.21 ms against 0.04 ms for the throttle statement, BENCHMARKS.md "Limits shared by nodes").
///
/// The text is PostgreSQL's, with `$1…$n` placeholders; SQLite is given `?1…?n` and no `FOR UPDATE` (its
/// `BEGIN IMMEDIATE` already excludes every other writer). A whole-number placeholder is written
/// `CAST($n AS BIGINT)`: PostgreSQL infers each placeholder's type from the text, and the value goes as a
/// 64-bit integer. Other queries are built with SQLKit, as before.
protocol HotStatement {
    static var sql: String { get }
}

extension HotStatement {
    /// Whether the statement gives no rows (a write without `RETURNING`, a transaction's own statement):
    /// PostgreSQL runs those without reading a row stream, which postgres-nio refuses to skip for a statement
    /// that has rows.
    static var givesNoRows: Bool {
        !sql.utf8.starts(with: "SELECT".utf8) && !sql.utf8.starts(with: "WITH".utf8) && !sql.contains("RETURNING")
    }

    /// The text for SQLite: numbered `?` placeholders, no row locks.
    static var sqliteSQL: String {
        var text = sql.replacingOccurrences(of: " FOR UPDATE", with: "")
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "$", next < text.endIndex, text[next].isASCII, text[next].isNumber {
                output.append("?")
            } else {
                output.append(character)
            }
            index = next
        }
        text = output
        return text
    }
}

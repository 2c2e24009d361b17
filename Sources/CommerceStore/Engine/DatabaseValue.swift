/// One value of a column or a placeholder, on either engine: SQLite's five storage classes, which cover every
/// PostgreSQL type the store uses (text, whole numbers, reals; booleans as 0 and 1).
public enum DatabaseValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// Text, or NULL for `nil`.
    static func optionalText(_ text: String?) -> DatabaseValue { text.map { .text($0) } ?? .null }

    /// The value as text, converting numbers as SQLiteNIO did (the store's callers read integer columns as
    /// text in places, `Store.contents` among them); `nil` for a blob or NULL.
    var string: String? {
        switch self {
        case .text(let text): text
        case .integer(let number): String(number)
        case .real(let number): String(number)
        case .blob, .null: nil
        }
    }

    /// The value as a whole number: only an integer, never converted from text or a real (as SQLiteNIO did).
    var integer: Int64? {
        if case .integer(let number) = self { return number }
        return nil
    }

    /// The value as a real number: an integer or a real.
    var real: Double? {
        switch self {
        case .integer(let number): Double(number)
        case .real(let number): number
        case .text, .blob, .null: nil
        }
    }

    /// 1 and 0 (also as text, as SQLiteNIO read them); anything else is not a boolean.
    var bool: Bool? {
        switch self {
        case .integer(1), .text("1"): true
        case .integer(0), .text("0"): false
        default: nil
        }
    }
}

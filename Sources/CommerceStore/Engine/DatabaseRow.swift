/// One row a hot statement returned, read by position (the statement's text names its columns in order).
struct DatabaseRow: Sendable {
    let values: [DatabaseValue]

    /// Reading a column the statement does not return, or one of another type, is a bug of the store.
    struct Unexpected: Error, CustomStringConvertible {
        let column: Int
        let value: DatabaseValue?
        var description: String { "Unexpected value \(value.map { "\($0)" } ?? "(none)") in column \(column) of a hot statement's row." }
    }

    func text(_ column: Int) throws -> String {
        guard column < values.count, case .text(let text) = values[column] else {
            throw Unexpected(column: column, value: values.indices.contains(column) ? values[column] : nil)
        }
        return text
    }

    func optionalText(_ column: Int) throws -> String? {
        guard column < values.count else { throw Unexpected(column: column, value: nil) }
        if values[column] == .null { return nil }
        return try text(column)
    }

    func integer(_ column: Int) throws -> Int {
        guard column < values.count, case .integer(let number) = values[column] else {
            throw Unexpected(column: column, value: values.indices.contains(column) ? values[column] : nil)
        }
        return Int(number)
    }

    func optionalInteger(_ column: Int) throws -> Int? {
        guard column < values.count else { throw Unexpected(column: column, value: nil) }
        if values[column] == .null { return nil }
        return try integer(column)
    }
}

import Foundation

/// Reads a column value as the Swift type a query asks for, with the conversions SQLiteNIO made (the store's
/// queries and tests were written against them): text from numbers too, whole numbers only from integers, reals
/// from both, booleans from 0 and 1, anything else `Decodable` (optionals, raw-value enums) through a
/// single-value decoder.
enum SQLiteColumnDecoding {
    struct MissingColumn: Error, CustomStringConvertible {
        let column: String
        var description: String { "No column \(column) in the row." }
    }

    struct Mismatch: Error, CustomStringConvertible {
        let wanted: Any.Type
        let value: DatabaseValue
        var description: String { "Cannot read \(value) as \(wanted)." }
    }

    static func decode<D: Decodable>(_ type: D.Type, from value: DatabaseValue) throws -> D {
        // The types the store reads, without a decoder: most columns are one of these.
        if type == String.self { return try unwrap(value.string, value, as: type) }
        if type == Int.self { return try unwrap(value.integer.map { Int($0) }, value, as: type) }
        if type == String?.self {
            let text: String? = value == .null ? nil : try unwrap(value.string, value, as: String.self)
            return text as! D
        }
        if type == Int?.self {
            let number: Int? = value == .null ? nil : try unwrap(value.integer.map { Int($0) }, value, as: Int.self)
            return number as! D
        }
        if type == Int64.self { return try unwrap(value.integer, value, as: type) }
        if type == Double.self { return try unwrap(value.real, value, as: type) }
        if type == Bool.self { return try unwrap(value.bool, value, as: type) }
        return try D(from: SingleValue(value: value))
    }

    private static func unwrap<Wanted, D>(_ converted: Wanted?, _ value: DatabaseValue, as type: D.Type) throws -> D {
        guard let converted, let result = converted as? D else { throw Mismatch(wanted: D.self, value: value) }
        return result
    }

    /// One column value as a `Decoder`, for optionals and types that decode from a single primitive.
    private struct SingleValue: Decoder, SingleValueDecodingContainer {
        let value: DatabaseValue
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> { throw Mismatch(wanted: type, value: value) }
        func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw Mismatch(wanted: [Any].self, value: value) }
        func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

        func decodeNil() -> Bool { value == .null }
        func decode(_ type: Bool.Type) throws -> Bool { try unwrap(value.bool, value, as: type) }
        func decode(_ type: String.Type) throws -> String { try unwrap(value.string, value, as: type) }
        func decode(_ type: Double.Type) throws -> Double { try unwrap(value.real, value, as: type) }
        func decode(_ type: Float.Type) throws -> Float { try unwrap(value.real.map { Float($0) }, value, as: type) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            if let integer = type as? any FixedWidthInteger.Type {
                guard let number = value.integer, let converted = integer.init(exactly: number) else { throw Mismatch(wanted: type, value: value) }
                return try unwrap(converted, value, as: type)
            }
            if type == Data.self, case .blob(let bytes) = value { return try unwrap(Data(bytes), value, as: type) }
            if type == Date.self, let seconds = value.real { return try unwrap(Date(timeIntervalSince1970: seconds), value, as: type) }
            return try SQLiteColumnDecoding.decode(type, from: value)
        }
    }
}

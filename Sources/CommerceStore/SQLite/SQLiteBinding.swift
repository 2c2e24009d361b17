import Foundation

/// Turns the values SQLKit hands over for a query's placeholders into SQLite values, as SQLiteNIO stored them:
/// text, integers (booleans as 0 and 1), reals, blobs, NULL for an absent optional, dates as seconds since 1970,
/// and anything else `Encodable` through a single-value encoder (raw-value enums), or as JSON text.
enum SQLiteBinding {
    static func value(of bound: any Encodable) throws -> DatabaseValue {
        if let optional = bound as? any AbsentOptional, optional.isAbsent { return .null }
        switch bound {
        case let text as String: return .text(text)
        case let number as Int: return .integer(Int64(number))
        case let number as Int64: return .integer(number)
        case let number as Int32: return .integer(Int64(number))
        case let number as Double: return .real(number)
        case let flag as Bool: return .integer(flag ? 1 : 0)
        case let data as Data: return .blob([UInt8](data))
        case let bytes as [UInt8]: return .blob(bytes)
        case let date as Date: return .real(date.timeIntervalSince1970)
        case let uuid as UUID: return .text(uuid.uuidString)
        default:
            let encoder = SingleValue()
            do {
                try bound.encode(to: encoder)
                if let value = encoder.box.value { return value }
            } catch is SingleValue.NotPrimitive {}
            return .text(String(decoding: try JSONEncoder().encode(bound), as: UTF8.self))
        }
    }

    /// Captures the one primitive a value encodes as, if it encodes as one.
    private final class SingleValue: Encoder, SingleValueEncodingContainer {
        struct NotPrimitive: Error {}
        final class Box { var value: DatabaseValue? }
        let box = Box()
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            KeyedEncodingContainer(Refusing<Key>())
        }
        func unkeyedContainer() -> any UnkeyedEncodingContainer { RefusingUnkeyed() }
        func singleValueContainer() -> any SingleValueEncodingContainer { self }

        func encodeNil() throws { box.value = .null }
        func encode(_ value: Bool) throws { box.value = .integer(value ? 1 : 0) }
        func encode(_ value: String) throws { box.value = .text(value) }
        func encode(_ value: Double) throws { box.value = .real(value) }
        func encode(_ value: Float) throws { box.value = .real(Double(value)) }
        func encode<T: Encodable>(_ value: T) throws {
            if let integer = value as? any BinaryInteger, let number = Int64(exactly: integer) {
                box.value = .integer(number)
            } else {
                box.value = try SQLiteBinding.value(of: value)
            }
        }
    }

    /// Containers that make a non-primitive value fall back to JSON text.
    private struct Refusing<Key: CodingKey>: KeyedEncodingContainerProtocol {
        var codingPath: [any CodingKey] { [] }
        mutating func encodeNil(forKey key: Key) throws { throw SingleValue.NotPrimitive() }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { throw SingleValue.NotPrimitive() }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(Refusing<NestedKey>())
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { RefusingUnkeyed() }
        mutating func superEncoder() -> any Encoder { SingleValue() }
        mutating func superEncoder(forKey key: Key) -> any Encoder { SingleValue() }
    }

    private struct RefusingUnkeyed: UnkeyedEncodingContainer {
        var codingPath: [any CodingKey] { [] }
        var count: Int { 0 }
        mutating func encodeNil() throws { throw SingleValue.NotPrimitive() }
        mutating func encode<T: Encodable>(_ value: T) throws { throw SingleValue.NotPrimitive() }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(Refusing<NestedKey>())
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { RefusingUnkeyed() }
        mutating func superEncoder() -> any Encoder { SingleValue() }
    }
}

/// An `Optional` seen through an existential: whether it holds nothing.
protocol AbsentOptional {
    var isAbsent: Bool { get }
}

extension Optional: AbsentOptional {
    var isAbsent: Bool { self == nil }
}

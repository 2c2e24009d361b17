import Foundation

/// Writes a value's canonical JSON — exactly the bytes `PartnerCenterJSON.makeEncoder()` gives (keys sorted by
/// their UTF-8 bytes, `/` unescaped, dates as `WireDate`, numbers as Foundation prints them) — without
/// Foundation's encoder, which was a fifth of the server's time on a purchase (BENCHMARKS.md, "Engine").
///
/// It builds a small tree of the values the `Encodable` conformances hand it, then writes it out. Anything it does
/// not write exactly as Foundation would (a `Float`, `Decimal`, `URL` or `Data`, a key given twice, a value that
/// encodes nothing) makes it give up, and `PartnerCenterJSON.encode` asks Foundation instead; so the output is
/// Foundation's in every case. `CanonicalJSONTests` compares the two on every fixture.
struct CanonicalJSONEncoder {
    /// This encoder does not write that value as Foundation would.
    struct Unsupported: Error {}

    func encode(_ value: some Encodable) throws -> [UInt8] {
        let node = try Self.node(for: value)
        var writer = Writer()
        writer.bytes.reserveCapacity(1024)
        try writer.write(node)
        return writer.bytes
    }

    /// The tree of one value.
    static func node<T: Encodable>(for value: T) throws -> Node {
        // Compared by type (cheap), not cast (a runtime call each): this runs once per value of every resource.
        if T.self == String.self { return .text(value as! String) }
        if T.self == Int.self { return .integer(Int64(value as! Int)) }
        if T.self == Bool.self { return .bool(value as! Bool) }
        if T.self == Double.self { return try .number(value as! Double) }
        if T.self == Date.self { return .text(WireDate.format(value as! Date)) }
        // Foundation writes these in ways of its own.
        if T.self == Float.self || T.self == Decimal.self || T.self == URL.self || T.self == Data.self { throw Unsupported() }
        let encoder = NodeEncoder()
        try value.encode(to: encoder)
        guard let node = encoder.slot.node else { throw Unsupported() }
        return node
    }

    /// A JSON value being built.
    enum Node {
        case null
        case bool(Bool)
        case integer(Int64)
        case unsigned(UInt64)
        /// Finite only: Foundation refuses the others, and so does `number(_:)`.
        case double(Double)
        case text(String)
        case array(ArrayBox)
        case object(ObjectBox)
        /// A value still being encoded when its place was taken (`superEncoder`, a nested container).
        case slot(Slot)

        static func number(_ value: Double) throws -> Node {
            guard value.isFinite else { throw Unsupported() }
            return .double(value)
        }
    }

    final class ArrayBox {
        var items: [Node] = []
    }

    final class ObjectBox {
        var keys: [String] = []
        var values: [Node] = []
    }

    final class Slot {
        var node: Node?
    }

    /// The `Encoder` the conformances talk to: it fills one slot with the value they encode.
    final class NodeEncoder: Encoder {
        let slot: Slot
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        init(slot: Slot = Slot()) { self.slot = slot }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            // A second request for a keyed container adds to the same object, as Foundation's does.
            if case .object(let box) = slot.node { return KeyedEncodingContainer(Keyed<Key>(box: box)) }
            let box = ObjectBox()
            if slot.node != nil { box.keys.append("\u{0}conflict") }
            slot.node = .object(box)
            return KeyedEncodingContainer(Keyed<Key>(box: box))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .array(let box) = slot.node { return Unkeyed(box: box) }
            let box = ArrayBox()
            if slot.node != nil { box.items.append(.slot(Slot())) }
            slot.node = .array(box)
            return Unkeyed(box: box)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(slot: slot) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: ObjectBox
        var codingPath: [any CodingKey] { [] }

        private func add(_ key: Key, _ node: Node) {
            box.keys.append(key.stringValue)
            box.values.append(node)
        }

        mutating func encodeNil(forKey key: Key) throws { add(key, .null) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { add(key, .bool(value)) }
        mutating func encode(_ value: String, forKey key: Key) throws { add(key, .text(value)) }
        mutating func encode(_ value: Double, forKey key: Key) throws { add(key, try .number(value)) }
        mutating func encode(_ value: Float, forKey key: Key) throws { throw Unsupported() }
        mutating func encode(_ value: Int, forKey key: Key) throws { add(key, .integer(Int64(value))) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { add(key, .integer(Int64(value))) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { add(key, .integer(Int64(value))) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { add(key, .integer(Int64(value))) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { add(key, .integer(value)) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { add(key, .unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { add(key, .unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { add(key, .unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { add(key, .unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { add(key, .unsigned(value)) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { add(key, try CanonicalJSONEncoder.node(for: value)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectBox()
            add(key, .object(nested))
            return KeyedEncodingContainer(Keyed<NestedKey>(box: nested))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let nested = ArrayBox()
            add(key, .array(nested))
            return Unkeyed(box: nested)
        }

        mutating func superEncoder() -> any Encoder {
            let slot = Slot()
            box.keys.append("super")
            box.values.append(.slot(slot))
            return NodeEncoder(slot: slot)
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let slot = Slot()
            add(key, .slot(slot))
            return NodeEncoder(slot: slot)
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let box: ArrayBox
        var codingPath: [any CodingKey] { [] }
        var count: Int { box.items.count }

        mutating func encodeNil() throws { box.items.append(.null) }
        mutating func encode(_ value: Bool) throws { box.items.append(.bool(value)) }
        mutating func encode(_ value: String) throws { box.items.append(.text(value)) }
        mutating func encode(_ value: Double) throws { box.items.append(try .number(value)) }
        mutating func encode(_ value: Int) throws { box.items.append(.integer(Int64(value))) }
        mutating func encode(_ value: Int64) throws { box.items.append(.integer(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { box.items.append(try CanonicalJSONEncoder.node(for: value)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectBox()
            box.items.append(.object(nested))
            return KeyedEncodingContainer(Keyed<NestedKey>(box: nested))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = ArrayBox()
            box.items.append(.array(nested))
            return Unkeyed(box: nested)
        }

        mutating func superEncoder() -> any Encoder {
            let slot = Slot()
            box.items.append(.slot(slot))
            return NodeEncoder(slot: slot)
        }
    }

    struct Single: SingleValueEncodingContainer {
        let slot: Slot
        var codingPath: [any CodingKey] { [] }

        private func set(_ node: Node) throws {
            // A second value for one single-value container is a programming error Foundation traps on.
            guard slot.node == nil else { throw Unsupported() }
            slot.node = node
        }

        mutating func encodeNil() throws { try set(.null) }
        mutating func encode(_ value: Bool) throws { try set(.bool(value)) }
        mutating func encode(_ value: String) throws { try set(.text(value)) }
        mutating func encode(_ value: Double) throws { try set(try .number(value)) }
        mutating func encode(_ value: Float) throws { throw Unsupported() }
        mutating func encode(_ value: Int) throws { try set(.integer(Int64(value))) }
        mutating func encode(_ value: Int8) throws { try set(.integer(Int64(value))) }
        mutating func encode(_ value: Int16) throws { try set(.integer(Int64(value))) }
        mutating func encode(_ value: Int32) throws { try set(.integer(Int64(value))) }
        mutating func encode(_ value: Int64) throws { try set(.integer(value)) }
        mutating func encode(_ value: UInt) throws { try set(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt8) throws { try set(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt16) throws { try set(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt32) throws { try set(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt64) throws { try set(.unsigned(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { try set(try CanonicalJSONEncoder.node(for: value)) }
    }

    /// Writes a tree as Foundation would: objects' keys in UTF-8 order, strings escaped as it escapes them.
    struct Writer {
        var bytes: [UInt8] = []

        mutating func write(_ node: Node) throws {
            switch node {
            case .null: append("null")
            case .bool(let flag): append(flag ? "true" : "false")
            case .integer(let number): append(String(number))
            case .unsigned(let number): append(String(number))
            case .double(let number):
                // Foundation prints a double as Swift describes it, without a trailing ".0".
                var text = number.description
                if text.hasSuffix(".0") { text.removeLast(2) }
                append(text)
            case .text(let text): writeString(text)
            case .array(let box):
                bytes.append(UInt8(ascii: "["))
                for (index, item) in box.items.enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    try write(item)
                }
                bytes.append(UInt8(ascii: "]"))
            case .object(let box):
                bytes.append(UInt8(ascii: "{"))
                for (position, index) in try sortedIndices(box.keys).enumerated() {
                    if position > 0 { bytes.append(UInt8(ascii: ",")) }
                    writeString(box.keys[index])
                    bytes.append(UInt8(ascii: ":"))
                    try write(box.values[index])
                }
                bytes.append(UInt8(ascii: "}"))
            case .slot(let slot):
                // A super encoder or nested place nobody filled: Foundation writes an empty object there.
                guard let node = slot.node else { throw Unsupported() }
                try write(node)
            }
        }

        /// The order to write an object's entries in; a key given twice, or a container asked for over a value,
        /// is left to Foundation.
        private func sortedIndices(_ keys: [String]) throws -> [Int] {
            let order = keys.indices.sorted { keys[$0].utf8.lexicographicallyPrecedes(keys[$1].utf8) }
            for (previous, next) in zip(order, order.dropFirst()) where keys[previous] == keys[next] { throw Unsupported() }
            if keys.contains(where: { $0.utf8.first == 0 }) { throw Unsupported() }
            return order
        }

        private mutating func append(_ text: String) {
            bytes.append(contentsOf: text.utf8)
        }

        private mutating func writeString(_ text: String) {
            bytes.append(UInt8(ascii: "\""))
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0..<0x20:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                default: bytes.append(byte)
                }
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }
}

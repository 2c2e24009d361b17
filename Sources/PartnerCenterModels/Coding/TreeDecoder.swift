import Foundation

/// Decodes a model from a `JSONTree` as Foundation's `JSONDecoder` would from the same bytes — for the inputs it
/// takes on. Any error at all, even one a model swallows with `try?`, and anything it does not read exactly as
/// Foundation would (an integer written `1.0`, a key given twice, a `Decimal` with an exponent, `URL`, `Data`), marks the whole
/// decoding as given up: `PartnerCenterJSON.decodeRequest`/`decodeStored` then decode the bytes with Foundation,
/// so the result and every error are Foundation's. `TreeDecoderTests` and the fuzzer compare the two.
///
/// `lenientKeys` maps object keys as `PartnerCenterJSON.makeDecoder()` does (`WireKeys.canonical`), but not a
/// `[String: …]` dictionary's keys, which Foundation's key strategy leaves alone too.
final class TreeDecoder: Decoder {
    /// Shared by every decoder of one decoding: whether it must be left to Foundation.
    final class State {
        @exclusivity(unchecked) var gaveUp = false
        let lenientKeys: Bool
        init(lenientKeys: Bool) { self.lenientKeys = lenientKeys }

        /// Gives up: the error is thrown, and whatever a model makes of it, Foundation decodes the input instead.
        func giveUp() -> any Error {
            gaveUp = true
            return GaveUp()
        }
    }

    struct GaveUp: Error {}

    let node: JSONTree
    let state: State
    /// This decoder reads a `[String: …]`: its keys stay as they are.
    let keepsKeys: Bool
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(node: JSONTree, state: State, keepsKeys: Bool = false) {
        self.node = node
        self.state = state
        self.keepsKeys = keepsKeys
    }

    /// Decodes one value of any type from a node.
    static func decode<T: Decodable>(_ type: T.Type, from node: JSONTree, state: State) throws -> T {
        if T.self == String.self {
            guard case .string(let text) = node else { throw state.giveUp() }
            return text as! T
        }
        if T.self == Int.self { return try integer(node, state, Int.self) as! T }
        if T.self == Bool.self {
            guard case .bool(let flag) = node else { throw state.giveUp() }
            return flag as! T
        }
        if T.self == Date.self {
            // The date strategy of `makeDecoder()`: a string `WireDate` reads.
            guard case .string(let text) = node, let date = WireDate.parse(text) else { throw state.giveUp() }
            return date as! T
        }
        if T.self == Decimal.self { return try decimal(node, state) as! T }
        if T.self == URL.self || T.self == Data.self { throw state.giveUp() }
        return try T(from: TreeDecoder(node: node, state: state, keepsKeys: T.self is any StringKeyedDictionary.Type))
    }

    /// A whole number written as one (no fraction, no exponent) that fits; anything else goes to Foundation.
    static func integer<I: FixedWidthInteger>(_ node: JSONTree, _ state: State, _ type: I.Type) throws -> I {
        guard case .number(let text) = node, !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let value = I(text) else {
            throw state.giveUp()
        }
        return value
    }

    /// Money as stored (`3.6`, `-6.5`, `559.97`): digits with at most one point and at most 30 of them, read exactly
    /// as Foundation reads them; an exponent, or more digits, goes to Foundation.
    static func decimal(_ node: JSONTree, _ state: State) throws -> Decimal {
        guard case .number(let text) = node else { throw state.giveUp() }
        var digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "-"), UInt8(ascii: "."): continue
            default: throw state.giveUp()
            }
        }
        guard digits <= 30, let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { throw state.giveUp() }
        return value
    }

    static func double(_ node: JSONTree, _ state: State) throws -> Double {
        guard case .number(let text) = node, let value = Double(text), value.isFinite else { throw state.giveUp() }
        return value
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let keys, let values) = node else { throw state.giveUp() }
        var entries: [String: JSONTree] = Dictionary(minimumCapacity: keys.count)
        for (key, value) in zip(keys, values) {
            let name = state.lenientKeys && !keepsKeys ? WireKeys.canonical(key) : key
            // Foundation keeps the first of two equal keys; rather than rely on it, such input goes to it.
            guard entries.updateValue(value, forKey: name) == nil else { throw state.giveUp() }
        }
        return KeyedDecodingContainer(Keyed<Key>(entries: entries, state: state))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = node else { throw state.giveUp() }
        return Unkeyed(items: items, state: state)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(node: node, state: state) }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let entries: [String: JSONTree]
        let state: State
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { entries.keys.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { entries[key.stringValue] != nil }

        private func node(_ key: Key) throws -> JSONTree {
            guard let node = entries[key.stringValue] else { throw state.giveUp() }
            return node
        }

        func decodeNil(forKey key: Key) throws -> Bool {
            if case .null = try node(key) { return true }
            return false
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try TreeDecoder.decode(type, from: node(key), state: state)
        }

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            guard let node = entries[key.stringValue] else { return nil }
            if case .null = node { return nil }
            return try TreeDecoder.decode(type, from: node, state: state)
        }

        func decode(_ type: String.Type, forKey key: Key) throws -> String { try TreeDecoder.decode(type, from: node(key), state: state) }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try TreeDecoder.decode(type, from: node(key), state: state) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try TreeDecoder.integer(node(key), state, type) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try TreeDecoder.integer(node(key), state, type) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try TreeDecoder.double(node(key), state) }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try TreeDecoder(node: node(key), state: state).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try TreeDecoder(node: node(key), state: state).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder { throw state.giveUp() }
        func superDecoder(forKey key: Key) throws -> any Decoder { throw state.giveUp() }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let items: [JSONTree]
        let state: State
        var currentIndex = 0
        var codingPath: [any CodingKey] { [] }
        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        private mutating func next() throws -> JSONTree {
            guard currentIndex < items.count else { throw state.giveUp() }
            defer { currentIndex += 1 }
            return items[currentIndex]
        }

        /// As Foundation: true (and moves on) for a null, false (and stays) for anything else.
        mutating func decodeNil() throws -> Bool {
            guard currentIndex < items.count else { throw state.giveUp() }
            guard case .null = items[currentIndex] else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try TreeDecoder.decode(type, from: next(), state: state) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try TreeDecoder(node: next(), state: state).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            try TreeDecoder(node: next(), state: state).unkeyedContainer()
        }

        mutating func superDecoder() throws -> any Decoder { throw state.giveUp() }
    }

    struct Single: SingleValueDecodingContainer {
        let node: JSONTree
        let state: State
        var codingPath: [any CodingKey] { [] }

        func decodeNil() -> Bool {
            if case .null = node { return true }
            return false
        }

        func decode(_ type: Bool.Type) throws -> Bool { try TreeDecoder.decode(type, from: node, state: state) }
        func decode(_ type: String.Type) throws -> String { try TreeDecoder.decode(type, from: node, state: state) }
        func decode(_ type: Double.Type) throws -> Double { try TreeDecoder.double(node, state) }
        func decode(_ type: Float.Type) throws -> Float { throw state.giveUp() }
        func decode(_ type: Int.Type) throws -> Int { try TreeDecoder.integer(node, state, type) }
        func decode(_ type: Int8.Type) throws -> Int8 { try TreeDecoder.integer(node, state, type) }
        func decode(_ type: Int16.Type) throws -> Int16 { try TreeDecoder.integer(node, state, type) }
        func decode(_ type: Int32.Type) throws -> Int32 { try TreeDecoder.integer(node, state, type) }
        func decode(_ type: Int64.Type) throws -> Int64 { try TreeDecoder.integer(node, state, type) }
        func decode(_ type: UInt.Type) throws -> UInt { try TreeDecoder.integer(node, state, type) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try TreeDecoder.integer(node, state, type) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try TreeDecoder.integer(node, state, type) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try TreeDecoder.integer(node, state, type) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try TreeDecoder.integer(node, state, type) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try TreeDecoder.decode(type, from: node, state: state) }
    }
}

/// `[String: …]`, whose keys Foundation's key strategy does not map.
protocol StringKeyedDictionary {}

extension Dictionary: StringKeyedDictionary where Key == String {}

import Foundation

/// Writes a value's canonical JSON — exactly the bytes `PartnerCenterJSON.makeEncoder()` gives (keys sorted by
/// their UTF-8 bytes, `/` unescaped, dates as `WireDate`, numbers as Foundation prints them) — without
/// Foundation's encoder, which was a fifth of the server's time on a purchase (BENCHMARKS.md, "Engine").
///
/// It writes bytes as the `Encodable` conformances hand it values, into one buffer: an object's entries are written
/// in the order they come, and when the object is complete they are put in key order in place (most objects are a
/// few hundred bytes). Anything it does not write exactly as Foundation would — a `Float`, `Decimal`, `URL` or
/// `Data`, a key given twice, a value that encodes nothing, a container written to after a later one — makes it
/// give up, and `PartnerCenterJSON.encode` asks Foundation instead; so the output is Foundation's in every case.
/// `CanonicalJSONTests` compares the two on random JSON and every resource, and the fuzzer on client input.
struct CanonicalJSONEncoder {
    /// This encoder does not write that value as Foundation would.
    struct Unsupported: Error {}

    func encode(_ value: some Encodable) throws -> [UInt8] {
        let output = Output()
        output.bytes.reserveCapacity(1024)
        try output.write(value)
        guard output.frames.isEmpty, !output.gaveUp else { throw Unsupported() }
        return output.bytes
    }

    /// The buffer, the containers still open in it (innermost last), and the entries of the open objects.
    ///
    /// One encoding uses it, from one thread; its properties skip Swift's run-time exclusivity checks, which were
    /// a third of its time (a thread-local look-up on every access).
    final class Output {
        @exclusivity(unchecked) var bytes: [UInt8] = []
        @exclusivity(unchecked) var frames: [Frame] = []
        /// The entries of every open object, in the order written; an object's are the last ones while it is
        /// the innermost open container.
        @exclusivity(unchecked) var entries: [Entry] = []
        /// Something was asked for that this encoder does not write as Foundation would (a super encoder, a
        /// second kind of container for one value): the whole value is left to Foundation.
        @exclusivity(unchecked) var gaveUp = false
        @exclusivity(unchecked) private var nextFrame = 0

        /// One open object or array.
        struct Frame {
            var id: Int
            var isObject: Bool
            var count = 0
            /// Its first entry in `entries`.
            var firstEntry: Int
            var sorted = true
            /// Its last entry's end is not known yet (its value is being written).
            var pending = false
        }

        /// An object's entry: its key, and where its bytes (`"key":value`) are.
        struct Entry {
            var key: String
            var start: Int
            var end: Int
        }

        /// Writes one value at the current position.
        func write<T: Encodable>(_ value: T) throws {
            // Compared by type (cheap), not cast (a runtime call each): this runs once per value of every resource.
            if T.self == String.self { return writeString(value as! String) }
            if T.self == Int.self { return writeInteger(Int64(value as! Int)) }
            if T.self == Bool.self { return append(value as! Bool ? "true" : "false") }
            if T.self == Double.self { return try writeDouble(value as! Double) }
            if T.self == Date.self { return writeString(WireDate.format(value as! Date)) }
            // Foundation writes these in ways of its own.
            if T.self == Float.self || T.self == Decimal.self || T.self == URL.self || T.self == Data.self { throw Unsupported() }
            let depth = frames.count
            let encoder = ValueEncoder(output: self)
            try value.encode(to: encoder)
            guard encoder.wrote, !gaveUp else { throw Unsupported() }
            try close(downTo: depth)
        }

        /// Opens a container; returns its id.
        func open(object: Bool) -> Int {
            bytes.append(object ? UInt8(ascii: "{") : UInt8(ascii: "["))
            nextFrame += 1
            frames.append(Frame(id: nextFrame, isObject: object, firstEntry: entries.count))
            return nextFrame
        }

        /// Makes `id` the innermost open container again, closing those opened after it (they are complete: their
        /// parent writes again). Writing to a container already closed is left to Foundation.
        func resume(_ id: Int) throws {
            guard !gaveUp, let index = frames.lastIndex(where: { $0.id == id }) else { throw Unsupported() }
            try close(downTo: index + 1)
            settle(index)
        }

        /// Ends the pending entry of the innermost container here.
        private func settle(_ index: Int) {
            guard frames[index].pending else { return }
            entries[entries.count - 1].end = bytes.count
            frames[index].pending = false
        }

        /// Closes every container above `depth`, innermost first.
        func close(downTo depth: Int) throws {
            while frames.count > depth {
                settle(frames.count - 1)
                let frame = frames.removeLast()
                if frame.isObject {
                    if !frame.sorted { try sortEntries(from: frame.firstEntry) }
                    entries.removeLast(entries.count - frame.firstEntry)
                    bytes.append(UInt8(ascii: "}"))
                } else {
                    bytes.append(UInt8(ascii: "]"))
                }
            }
        }

        /// The separator and, for an object, the key of the next entry of container `id`.
        func beginEntry(in id: Int, key: String?) throws {
            try resume(id)
            let index = frames.count - 1
            if frames[index].count > 0 { bytes.append(UInt8(ascii: ",")) }
            frames[index].count += 1
            guard let key else { return }
            if frames[index].count > 1, let last = entries.last, !Self.precedes(last.key, key) { frames[index].sorted = false }
            entries.append(Entry(key: key, start: bytes.count, end: bytes.count))
            frames[index].pending = true
            writeString(key)
            bytes.append(UInt8(ascii: ":"))
        }

        /// Ends the current entry of container `id` (after its value, and anything the value opened).
        func endEntry(in id: Int) throws {
            try resume(id)
        }

        /// Puts the innermost object's entries (from `first`) in key order, in place; a key given twice is left to
        /// Foundation.
        private func sortEntries(from first: Int) throws {
            let mine = entries[first...]
            let order = mine.indices.sorted { Self.precedes(entries[$0].key, entries[$1].key) }
            for (previous, next) in zip(order, order.dropFirst()) where entries[previous].key == entries[next].key { throw Unsupported() }
            guard let start = mine.first?.start, let end = mine.last?.end else { return }
            var sorted: [UInt8] = []
            sorted.reserveCapacity(end - start)
            for (position, index) in order.enumerated() {
                if position > 0 { sorted.append(UInt8(ascii: ",")) }
                sorted.append(contentsOf: bytes[entries[index].start..<entries[index].end])
            }
            bytes.replaceSubrange(start..<end, with: sorted)
        }

        /// A nested container of `id` (written inline: it ends when `id` writes again); if `id` cannot take it,
        /// the whole value is left to Foundation.
        func openNested(in id: Int, key: String?, object: Bool) -> Int {
            do {
                try beginEntry(in: id, key: key)
                return open(object: object)
            } catch {
                gaveUp = true
                return -1
            }
        }

        /// What a super encoder is given: the value is left to Foundation, whatever is written to it.
        func refuse() -> any Encoder {
            gaveUp = true
            return ValueEncoder(output: Output())
        }

        /// Foundation's key order: by UTF-8 bytes.
        static func precedes(_ left: String, _ right: String) -> Bool {
            var left = left
            var right = right
            return left.withUTF8 { a in
                right.withUTF8 { b in
                    let common = min(a.count, b.count)
                    if common > 0, let pa = a.baseAddress, let pb = b.baseAddress {
                        let order = memcmp(pa, pb, common)
                        if order != 0 { return order < 0 }
                    }
                    return a.count < b.count
                }
            }
        }

        func append(_ text: StaticString) {
            text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }

        func writeInteger(_ number: Int64) {
            if number == 0 { return bytes.append(UInt8(ascii: "0")) }
            var magnitude = number.magnitude
            var digits: [UInt8] = []
            digits.reserveCapacity(20)
            while magnitude > 0 {
                digits.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
                magnitude /= 10
            }
            if number < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: digits.reversed())
        }

        func writeUnsigned(_ number: UInt64) {
            bytes.append(contentsOf: String(number).utf8)
        }

        func writeDouble(_ number: Double) throws {
            // Foundation refuses what is not finite, and prints the rest as Swift describes it, without ".0".
            guard number.isFinite else { throw Unsupported() }
            var text = number.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            bytes.append(contentsOf: text.utf8)
        }

        func writeString(_ text: String) {
            JSONText.appendString(text, to: &bytes)
        }
    }

    /// The `Encoder` one value is given: it writes that value where the output stands.
    final class ValueEncoder: Encoder {
        let output: Output
        /// What this value wrote: nothing yet, a container (its id), or a single value.
        @exclusivity(unchecked) var container: Int?
        @exclusivity(unchecked) var wrote = false
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        init(output: Output) { self.output = output }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            KeyedEncodingContainer(Keyed<Key>(output: output, id: frame(object: true)))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            Unkeyed(output: output, id: frame(object: false))
        }

        /// The container of this value: opened now, or the one asked for before (Foundation hands back the same
        /// storage). Any other request gives the whole value up to Foundation.
        private func frame(object: Bool) -> Int {
            if let container {
                if output.frames.contains(where: { $0.id == container && $0.isObject == object }) { return container }
                output.gaveUp = true
                return -1
            }
            guard !wrote else {
                output.gaveUp = true
                return -1
            }
            wrote = true
            let id = output.open(object: object)
            container = id
            return id
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(encoder: self) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let output: Output
        let id: Int
        var codingPath: [any CodingKey] { [] }

        private func entry(_ key: Key, _ write: () throws -> Void) throws {
            try output.beginEntry(in: id, key: key.stringValue)
            try write()
            try output.endEntry(in: id)
        }

        mutating func encodeNil(forKey key: Key) throws { try entry(key) { output.append("null") } }
        mutating func encode(_ value: Bool, forKey key: Key) throws { try entry(key) { output.append(value ? "true" : "false") } }
        mutating func encode(_ value: String, forKey key: Key) throws { try entry(key) { output.writeString(value) } }
        mutating func encode(_ value: Double, forKey key: Key) throws { try entry(key) { try output.writeDouble(value) } }
        mutating func encode(_ value: Float, forKey key: Key) throws { throw Unsupported() }
        mutating func encode(_ value: Int, forKey key: Key) throws { try entry(key) { output.writeInteger(Int64(value)) } }
        mutating func encode(_ value: Int8, forKey key: Key) throws { try entry(key) { output.writeInteger(Int64(value)) } }
        mutating func encode(_ value: Int16, forKey key: Key) throws { try entry(key) { output.writeInteger(Int64(value)) } }
        mutating func encode(_ value: Int32, forKey key: Key) throws { try entry(key) { output.writeInteger(Int64(value)) } }
        mutating func encode(_ value: Int64, forKey key: Key) throws { try entry(key) { output.writeInteger(value) } }
        mutating func encode(_ value: UInt, forKey key: Key) throws { try entry(key) { output.writeUnsigned(UInt64(value)) } }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { try entry(key) { output.writeUnsigned(UInt64(value)) } }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { try entry(key) { output.writeUnsigned(UInt64(value)) } }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { try entry(key) { output.writeUnsigned(UInt64(value)) } }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { try entry(key) { output.writeUnsigned(value) } }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try entry(key) { try output.write(value) } }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            // The nested object is written inline and ends when this container writes again (`resume`).
            KeyedEncodingContainer(Keyed<NestedKey>(output: output, id: output.openNested(in: id, key: key.stringValue, object: true)))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            Unkeyed(output: output, id: output.openNested(in: id, key: key.stringValue, object: false))
        }

        /// Rare (class hierarchies); left to Foundation.
        mutating func superEncoder() -> any Encoder { output.refuse() }
        mutating func superEncoder(forKey key: Key) -> any Encoder { output.refuse() }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let output: Output
        let id: Int
        var codingPath: [any CodingKey] { [] }
        var count: Int { output.frames.last { $0.id == id }?.count ?? 0 }

        private func element(_ write: () throws -> Void) throws {
            try output.beginEntry(in: id, key: nil)
            try write()
            try output.endEntry(in: id)
        }

        mutating func encodeNil() throws { try element { output.append("null") } }
        mutating func encode(_ value: Bool) throws { try element { output.append(value ? "true" : "false") } }
        mutating func encode(_ value: String) throws { try element { output.writeString(value) } }
        mutating func encode(_ value: Double) throws { try element { try output.writeDouble(value) } }
        mutating func encode(_ value: Float) throws { throw Unsupported() }
        mutating func encode(_ value: Int) throws { try element { output.writeInteger(Int64(value)) } }
        mutating func encode(_ value: Int64) throws { try element { output.writeInteger(value) } }
        mutating func encode<T: Encodable>(_ value: T) throws { try element { try output.write(value) } }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(Keyed<NestedKey>(output: output, id: output.openNested(in: id, key: nil, object: true)))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            Unkeyed(output: output, id: output.openNested(in: id, key: nil, object: false))
        }

        mutating func superEncoder() -> any Encoder { output.refuse() }
    }

    struct Single: SingleValueEncodingContainer {
        let encoder: ValueEncoder
        var codingPath: [any CodingKey] { [] }
        var output: Output { encoder.output }

        /// One value, once: a second is a programming error Foundation traps on.
        private func value(_ write: () throws -> Void) throws {
            guard !encoder.wrote else { throw Unsupported() }
            encoder.wrote = true
            try write()
        }

        mutating func encodeNil() throws { try value { output.append("null") } }
        mutating func encode(_ value: Bool) throws { try self.value { output.append(value ? "true" : "false") } }
        mutating func encode(_ value: String) throws { try self.value { output.writeString(value) } }
        mutating func encode(_ value: Double) throws { try self.value { try output.writeDouble(value) } }
        mutating func encode(_ value: Float) throws { throw Unsupported() }
        mutating func encode(_ value: Int) throws { try self.value { output.writeInteger(Int64(value)) } }
        mutating func encode(_ value: Int8) throws { try self.value { output.writeInteger(Int64(value)) } }
        mutating func encode(_ value: Int16) throws { try self.value { output.writeInteger(Int64(value)) } }
        mutating func encode(_ value: Int32) throws { try self.value { output.writeInteger(Int64(value)) } }
        mutating func encode(_ value: Int64) throws { try self.value { output.writeInteger(value) } }
        mutating func encode(_ value: UInt) throws { try self.value { output.writeUnsigned(UInt64(value)) } }
        mutating func encode(_ value: UInt8) throws { try self.value { output.writeUnsigned(UInt64(value)) } }
        mutating func encode(_ value: UInt16) throws { try self.value { output.writeUnsigned(UInt64(value)) } }
        mutating func encode(_ value: UInt32) throws { try self.value { output.writeUnsigned(UInt64(value)) } }
        mutating func encode(_ value: UInt64) throws { try self.value { output.writeUnsigned(value) } }
        mutating func encode<T: Encodable>(_ value: T) throws { try self.value { try output.write(value) } }
    }
}

import Foundation

/// The headers of a kept answer as its `headers` column holds them: a JSON array of `[name, value]` pairs.
///
/// Every write with an `MS-RequestId` stores one and every retry reads one, so they are written and read here
/// byte by byte rather than with Foundation's coders; the bytes are the ones `JSONEncoder()` wrote before (its
/// default escaping, `/` included), and anything this reader does not expect goes to `JSONDecoder` (which throws for
/// what is not JSON).
enum StoredHeaders {
    static func encode(_ headers: [[String]]) -> String {
        var out = "["
        for (index, pair) in headers.enumerated() {
            if index > 0 { out += "," }
            out += "["
            for (position, text) in pair.enumerated() {
                if position > 0 { out += "," }
                appendQuoted(text, to: &out)
            }
            out += "]"
        }
        out += "]"
        return out
    }

    static func decode(_ text: String) throws -> [[String]] {
        var reader = Reader(bytes: Array(text.utf8))
        if let pairs = reader.pairs() { return pairs }
        return try JSONDecoder().decode([[String]].self, from: Data(text.utf8))
    }

    private static func appendQuoted(_ text: String, to out: inout String) {
        out += "\""
        var plainStart = text.unicodeScalars.startIndex
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let escape: String? =
                switch scalar {
                case "\"": "\\\""
                case "\\": "\\\\"
                case "/": "\\/"
                case "\n": "\\n"
                case "\r": "\\r"
                case "\t": "\\t"
                case "\u{08}": "\\b"
                case "\u{0C}": "\\f"
                default: scalar.value < 0x20 ? "\\u00" + String(scalar.value, radix: 16).leftPadded(to: 2) : nil
                }
            if let escape {
                out.unicodeScalars.append(contentsOf: scalars[plainStart..<index])
                out += escape
                plainStart = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        out.unicodeScalars.append(contentsOf: scalars[plainStart..<scalars.endIndex])
        out += "\""
    }

    /// Reads `[["a","b"],…]` with blanks anywhere JSON allows them; `nil` for anything else.
    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        mutating func pairs() -> [[String]]? {
            skipBlanks()
            guard take(UInt8(ascii: "[")) else { return nil }
            var result: [[String]] = []
            skipBlanks()
            if take(UInt8(ascii: "]")) { return atEnd() ? result : nil }
            while true {
                skipBlanks()
                guard take(UInt8(ascii: "[")) else { return nil }
                var pair: [String] = []
                skipBlanks()
                if !take(UInt8(ascii: "]")) {
                    while true {
                        skipBlanks()
                        guard let text = string() else { return nil }
                        pair.append(text)
                        skipBlanks()
                        if take(UInt8(ascii: "]")) { break }
                        guard take(UInt8(ascii: ",")) else { return nil }
                    }
                }
                result.append(pair)
                skipBlanks()
                if take(UInt8(ascii: "]")) { return atEnd() ? result : nil }
                guard take(UInt8(ascii: ",")) else { return nil }
            }
        }

        /// A string whose only escapes are the simple ones; `\u` and anything odd are left to JSONDecoder.
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            var out: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""): return String(validating: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { return nil }
                    let escaped = bytes[index]
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    default: return nil
                    }
                case 0..<0x20: return nil
                default: out.append(byte)
                }
            }
            return nil
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func skipBlanks() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func atEnd() -> Bool {
            skipBlanks()
            return index == bytes.count
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// Limits on the shape of a JSON request body, checked in one pass over its bytes before any parser sees it.
///
/// No Partner Center resource nests more than a handful of levels or holds a string longer than a few hundred
/// characters, so a body that does is refused whole: a 10,000-deep array cannot reach a recursive decoder, and a
/// 1 MB company name cannot reach the store.
public struct JSONBounds: Sendable, Equatable {
    /// Deepest nesting of objects and arrays.
    public var maximumDepth: Int
    /// Longest string, in UTF-8 bytes as sent (escapes count as written).
    public var maximumStringBytes: Int
    /// Most elements of one array, or members of one object: a cart holds at most 100 lines, so 1,000 is
    /// generous, and 10,000 line items never reach a decoder that would build them one by one.
    public var maximumElements: Int

    /// The bounds request bodies are held to.
    public static let requests = JSONBounds(maximumDepth: 32, maximumStringBytes: 8 * 1024, maximumElements: 1000)

    public init(maximumDepth: Int, maximumStringBytes: Int, maximumElements: Int = 1000) {
        self.maximumDepth = maximumDepth
        self.maximumStringBytes = maximumStringBytes
        self.maximumElements = maximumElements
    }

    /// What a body broke.
    public enum Violation: Error, Equatable, Sendable {
        case tooDeep(limit: Int)
        case stringTooLong(limit: Int)
        case tooManyElements(limit: Int)
    }

    /// Throws the first bound the bytes break. Malformed JSON is left for the parser to report.
    public func check(_ bytes: some Sequence<UInt8>) throws(Violation) {
        var depth = 0
        // Separators seen in each open array or object; depth is bounded, so this stays small.
        var separators: [Int] = []
        var inString = false
        var escaped = false
        var stringBytes = 0
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    continue
                }
                stringBytes += 1
                if stringBytes > maximumStringBytes { throw .stringTooLong(limit: maximumStringBytes) }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                stringBytes = 0
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > maximumDepth { throw .tooDeep(limit: maximumDepth) }
                separators.append(0)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth = max(depth - 1, 0)
                _ = separators.popLast()
            case UInt8(ascii: ","):
                guard !separators.isEmpty else { break }
                separators[separators.count - 1] += 1
                if separators[separators.count - 1] >= maximumElements { throw .tooManyElements(limit: maximumElements) }
            default:
                break
            }
        }
    }
}

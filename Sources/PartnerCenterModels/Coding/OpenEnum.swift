/// An enum as Partner Center sends it: a lower-case or PascalCase word, sometimes with `_`, sometimes a number.
///
/// Decoding never fails on a value it does not know: the value is kept as-is (`.unknown("…")` on each
/// conforming type), because the service adds values over time and an old client must not drop a whole list
/// for one new word (spec §1, clients-and-user-needs P13). Spellings are compared with case, `_`, `-` and
/// spaces ignored, so `one_time`, `OneTime` and `oneTime` are one value.
public protocol OpenEnum: Codable, Hashable, Sendable, CustomStringConvertible {
    /// Every value this library knows, in their canonical form.
    static var knownCases: [Self] { get }
    /// The numeric values the .NET SDK uses for this enum, where it has them.
    static var numericCases: [Int: Self] { get }
    /// The value kept when the wire carries a spelling we do not know.
    static func unrecognized(_ raw: String) -> Self
    /// The canonical wire spelling.
    var wireValue: String { get }
}

extension OpenEnum {
    public static var numericCases: [Int: Self] { [:] }

    /// Parses a wire spelling leniently; unknown spellings are kept verbatim.
    public init(wire raw: String) {
        let wanted = OpenEnumSpelling.normalized(raw)
        if let match = Self.knownCases.first(where: { OpenEnumSpelling.normalized($0.wireValue) == wanted }) {
            self = match
        } else {
            self = Self.unrecognized(raw)
        }
    }

    /// True when the value is one of ``knownCases``.
    public var isKnown: Bool { Self.knownCases.contains(self) }

    public var description: String { wireValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self.init(wire: text)
        } else if let number = try? container.decode(Int.self) {
            self = Self.numericCases[number] ?? Self.unrecognized(String(number))
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a string or a number")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wireValue)
    }
}

/// The comparison rule behind ``OpenEnum``: case, `_`, `-` and spaces do not count.
enum OpenEnumSpelling {
    static func normalized(_ raw: String) -> String {
        String(raw.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " })
    }
}

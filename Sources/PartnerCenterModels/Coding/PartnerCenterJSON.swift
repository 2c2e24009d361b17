import Foundation

/// The JSON coders every PartnerCommerce component uses: lenient in, canonical out (ARCHITECTURE decision 3).
public enum PartnerCenterJSON {
    /// A decoder that matches property names case-insensitively and accepts every ISO 8601 form clients send.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in
            WireKey(WireKeys.canonical(path.last?.stringValue ?? ""))
        }
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = WireDate.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an ISO 8601 date-time")
            }
            return date
        }
        return decoder
    }

    /// The canonical JSON of `value`: exactly what `makeEncoder()` writes, written by `CanonicalJSONEncoder` (a
    /// fraction of the time) or, for what that one leaves to Foundation, by Foundation.
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        do {
            return try CanonicalJSONEncoder().encode(value)
        } catch is CanonicalJSONEncoder.Unsupported {
            return Array(try foundationEncoder.encode(value))
        }
    }

    /// The same, as text.
    public static func encodeText(_ value: some Encodable) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }

    private static let foundationEncoder = makeEncoder()

    /// A decoder for JSON this server wrote itself (stored bodies): their keys are the models' own, so no key is
    /// mapped (the lenient key mapping of `makeDecoder()` was most of a stored cart's decoding time).
    public static let storedDecoder: JSONDecoder = {
        let decoder = makeDecoder()
        decoder.keyDecodingStrategy = .useDefaultKeys
        return decoder
    }()

    /// An encoder that writes camelCase, dates as Partner Center does, and keys in a stable order.
    public static func makeEncoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(WireDate.format(date))
        }
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// A coding key made from any string.
struct WireKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { self.stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

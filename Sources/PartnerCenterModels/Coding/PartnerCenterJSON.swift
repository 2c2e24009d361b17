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

    /// A client's JSON as `makeDecoder()` reads it (property names in any case), read without Foundation when
    /// `TreeDecoder` can; otherwise — and for every error — by `makeDecoder()` itself.
    public static func decodeRequest<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        if let value = decodeWithoutFoundation(type, from: data, lenientKeys: true) { return value }
        return try requestDecoder.decode(type, from: data)
    }

    /// JSON this server wrote itself (stored bodies), whose keys are the models' own: read without Foundation when
    /// `TreeDecoder` can, otherwise with Foundation's decoder and no key mapping (the lenient mapping was most of a
    /// stored cart's decoding time).
    public static func decodeStored<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        if let value = decodeWithoutFoundation(type, from: data, lenientKeys: false) { return value }
        return try storedDecoder.decode(type, from: data)
    }

    private static func decodeWithoutFoundation<T: Decodable>(_ type: T.Type, from data: Data, lenientKeys: Bool) -> T? {
        data.withUnsafeBytes { bytes -> T? in
            guard let tree = JSONTree.parse(bytes) else { return nil }
            let state = TreeDecoder.State(lenientKeys: lenientKeys)
            guard let value = try? TreeDecoder.decode(type, from: tree, state: state), !state.gaveUp else { return nil }
            return value
        }
    }

    private static let requestDecoder = makeDecoder()

    private static let storedDecoder: JSONDecoder = {
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

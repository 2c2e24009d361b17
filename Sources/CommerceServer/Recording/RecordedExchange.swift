import Foundation
import PartnerCenterModels

/// One request and its answer as `partner-commerce record` keeps it: a file a person can read, diff and edit, from
/// which `replay` answers and `drift` asks again.
///
/// A body that is JSON is kept as JSON (`body`), so a fixture reads like the docs' examples; any other body is kept
/// as text (`bodyText`). Secrets are already masked (``ExchangeRedaction``) when an exchange is made.
public struct RecordedExchange: Codable, Sendable, Equatable {
    public struct Request: Codable, Sendable, Equatable {
        public var method: String
        /// The path with its query, as the client sent it.
        public var path: String
        public var headers: [String: String]
        public var body: JSONValue?
        public var bodyText: String?
    }

    public struct Response: Codable, Sendable, Equatable {
        public var status: Int
        public var headers: [String: String]
        public var body: JSONValue?
        public var bodyText: String?
    }

    public var request: Request
    public var response: Response

    public init(request: Request, response: Response) {
        self.request = request
        self.response = response
    }
}

/// A body as a fixture holds it: JSON, text, or nothing.
enum RecordedBody {
    /// `bytes` as `body` (JSON) or `bodyText` (anything else that is UTF-8; other bytes as base64, marked so).
    static func split(_ bytes: [UInt8]) -> (json: JSONValue?, text: String?) {
        guard !bytes.isEmpty else { return (nil, nil) }
        if let first = bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }), first == UInt8(ascii: "{") || first == UInt8(ascii: "["),
            let value = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        {
            return (value, nil)
        }
        if let text = String(validating: bytes, as: UTF8.self) { return (nil, text) }
        return (nil, base64Prefix + Data(bytes).base64EncodedString())
    }

    /// The bytes to send for a kept body: JSON written compactly, text as it was.
    static func bytes(json: JSONValue?, text: String?) -> [UInt8] {
        if let json, let data = try? encoder.encode(json) { return Array(data) }
        guard let text else { return [] }
        if text.hasPrefix(base64Prefix), let data = Data(base64Encoded: String(text.dropFirst(base64Prefix.count))) { return Array(data) }
        return Array(text.utf8)
    }

    static let base64Prefix = "base64:"

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

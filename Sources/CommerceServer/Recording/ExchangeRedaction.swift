import Foundation

/// What a fixture must not hold, masked as the journal masks it: bearer tokens, cookies, and every secret field of a
/// JSON body or a form (client secrets, passwords, refresh and access tokens, assertions, codes). Headers that only
/// describe one connection (`Connection`, `Content-Length`, …) are dropped: they are the transport's, not the API's.
enum ExchangeRedaction {
    /// Headers a fixture never keeps, in lower case: per-connection, or computed again when the body is sent.
    static let transportHeaders: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "content-length", "host",
        "accept-encoding", "date",
    ]
    /// Headers whose value is a credential.
    static let secretHeaders: Set<String> = ["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key"]

    /// The headers to keep, names in lower case, repeated ones joined with ", ".
    static func headers(_ fields: [(name: String, value: String)]) -> [String: String] {
        var kept: [String: String] = [:]
        for (name, value) in fields {
            let lowered = name.lowercased()
            guard !transportHeaders.contains(lowered) else { continue }
            let shown = secretHeaders.contains(lowered) ? masked(value) : value
            kept[lowered] = kept[lowered].map { $0 + ", " + shown } ?? shown
        }
        return kept
    }

    /// A credential's scheme stays (`Bearer`), so a reader sees how the client signed in; the rest goes.
    static func masked(_ value: String) -> String {
        let parts = value.split(separator: " ", maxSplits: 1)
        if parts.count == 2, ["bearer", "basic"].contains(parts[0].lowercased()) { return "\(parts[0]) \(JournalRedaction.mask)" }
        return JournalRedaction.mask
    }

    /// The body with every secret field masked. JSON is masked field by field; anything else is masked both as a form
    /// and by pattern, whatever its `Content-Type` says (a form sent as JSON, or JSON sent as a form, hides nothing).
    static func body(_ bytes: [UInt8], contentType: String?) -> [UInt8] {
        guard !bytes.isEmpty else { return bytes }
        guard let text = String(validating: bytes, as: UTF8.self) else { return bytes }
        if let object = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]),
            let data = try? JSONSerialization.data(
                withJSONObject: JournalRedaction.redact(object), options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes]
            )
        {
            return Array(data)
        }
        let form = text.contains("=") ? JournalRedaction.redactForm(text) : text
        return Array(JournalRedaction.redactByPattern(form).utf8)
    }
}

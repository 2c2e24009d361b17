import Foundation

/// Hides secrets in journalled bodies when they are read: tokens, client secrets, passwords and refresh tokens,
/// in JSON bodies (any depth) and in token-endpoint forms. A body that is neither is shown as it came.
enum JournalRedaction {
    /// Field names whose values are secrets, compared in lower case.
    static let secretFields: Set<String> = [
        "access_token", "refresh_token", "id_token", "client_secret", "clientsecret", "password", "assertion", "code", "client_assertion",
        "secret", "adminkey",
    ]
    static let mask = "[redacted]"

    static func redact(_ body: String, contentType: String?) -> String {
        guard !body.isEmpty else { return body }
        if contentType?.lowercased().contains("x-www-form-urlencoded") == true || (!body.hasPrefix("{") && !body.hasPrefix("[") && body.contains("="))
        {
            return redactForm(body)
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed]) else {
            // Cut JSON (over the body limit) cannot be parsed: hide every value of a secret field by pattern instead.
            return redactByPattern(body)
        }
        let cleaned = redact(object)
        guard let data = try? JSONSerialization.data(withJSONObject: cleaned, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes])
        else { return redactByPattern(body) }
        return String(decoding: data, as: UTF8.self)
    }

    static func redact(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            return Dictionary(uniqueKeysWithValues: object.map { key, inner in (key, isSecret(key, inner) ? mask : redact(inner)) })
        }
        if let array = value as? [Any] { return array.map(redact) }
        return value
    }

    /// A secret field's value, except a number under `code`: that is a Partner Center error code (an OAuth
    /// authorization code, the secret, is a string).
    static func isSecret(_ key: String, _ value: Any) -> Bool {
        let name = key.lowercased()
        guard secretFields.contains(name) else { return false }
        return name != "code" || value is String
    }

    static func redactForm(_ body: String) -> String {
        body.split(separator: "&", omittingEmptySubsequences: false).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = (String(parts[0]).removingPercentEncoding ?? String(parts[0])).lowercased()
            return secretFields.contains(name) && parts.count == 2 ? "\(parts[0])=\(mask)" : String(pair)
        }.joined(separator: "&")
    }

    /// `"field": "value"` with a secret field name, wherever it appears in text that is not whole JSON.
    static func redactByPattern(_ body: String) -> String {
        var text = body
        for field in secretFields {
            let pattern = "(\"\(field)\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"?"
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { continue }
            text = regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "$1\"\(mask)\"")
        }
        return text
    }
}

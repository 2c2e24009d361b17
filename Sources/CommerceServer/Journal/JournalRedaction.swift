import Crypto
import Foundation
import HTTPTypes
import NIOCore

/// Hides secrets in journalled bodies: tokens, client secrets, passwords and refresh tokens, in JSON bodies (any
/// depth) and in forms, when they are read. A body that is neither whole JSON nor a form is not kept as text at
/// all (`kept`): a length and a hash tell a test what it needs, and no parser's guess can leak what it held (a
/// form starting with `{` was shown in clear, read as broken JSON).
enum JournalRedaction {
    /// Field names whose values are secrets, compared in lower case.
    static let secretFields: Set<String> = [
        "access_token", "refresh_token", "id_token", "client_secret", "clientsecret", "password", "assertion", "code", "client_assertion",
        "secret", "adminkey",
    ]
    static let mask = "[redacted]"

    static func redact(_ body: String, contentType: String?) -> String {
        guard !body.isEmpty else { return body }
        if let object = try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed]) {
            let cleaned = redact(object)
            if let data = try? JSONSerialization.data(withJSONObject: cleaned, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes]) {
                return String(decoding: data, as: UTF8.self)
            }
        }
        if isForm(body) { return redactForm(body) }
        // A body cut at the journal's limit: hide secret values in either spelling.
        return redactForm(redactByPattern(body))
    }

    /// What the journal keeps of a request body: the bytes when they are whole JSON or a form (or, cut at the
    /// limit, begin like one), otherwise a line with their length and SHA-256.
    static func kept(_ body: ByteBuffer, contentType: String?, truncated: Bool) -> ByteBuffer {
        guard body.readableBytes > 0 else { return body }
        let bytes = Data(body.readableBytesView)
        if let text = String(validating: bytes, as: UTF8.self) {
            if truncated, text.hasPrefix("{") || text.hasPrefix("[") || isForm(text) { return body }
            if !truncated, (try? JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed])) != nil || isForm(text) { return body }
        }
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        return ByteBuffer(string: "[not JSON or a form: \(bytes.count) bytes\(truncated ? " kept of more" : ""), sha256 \(digest)]")
    }

    /// `application/x-www-form-urlencoded` as a client sends it: `name=value` pairs joined by `&`, each name
    /// non-empty, both percent-decodable, no control characters or spaces.
    static func isForm(_ text: String) -> Bool {
        guard !text.isEmpty, !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else { return false }
        return text.split(separator: "&", omittingEmptySubsequences: false).allSatisfy { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return parts.count == 2 && !parts[0].isEmpty && String(parts[0]).removingPercentEncoding != nil
                && String(parts[1]).removingPercentEncoding != nil
        }
    }

    /// A request target with the values of secret query parameters (and `key`, the dashboard's admin key) masked.
    static func redactQuery(_ target: String) -> String {
        guard let mark = target.firstIndex(of: "?") else { return target }
        let query = target[target.index(after: mark)...].split(separator: "&", omittingEmptySubsequences: false).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = (String(parts[0]).removingPercentEncoding ?? String(parts[0])).lowercased()
            return (secretFields.contains(name) || name == "key") && parts.count == 2 ? "\(parts[0])=\(mask)" : String(pair)
        }
        return String(target[..<mark]) + "?" + query.joined(separator: "&")
    }

    /// Header fields whose values are credentials.
    static let secretHeaders: Set<String> = ["authorization", "proxy-authorization", "cookie", "set-cookie", "x-admin-key"]

    /// Header fields as shown: names in lower case (so a test looks one up one way), repeated fields joined with
    /// `, `, credentials masked (an `Authorization` keeps its scheme, so a test can see a bearer token was sent).
    static func shown(_ fields: HTTPFields) -> [String: String] {
        var shown: [String: String] = [:]
        for field in fields {
            let name = field.name.canonicalName
            var value = field.value
            if secretHeaders.contains(name) {
                let parts = value.split(separator: " ", maxSplits: 1)
                value = name.hasSuffix("authorization") && parts.count == 2 ? parts[0] + " " + mask : mask
            }
            shown[name] = shown[name].map { $0 + ", " + value } ?? value
        }
        return shown
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

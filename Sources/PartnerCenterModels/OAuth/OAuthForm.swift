import Foundation

/// The body of an OAuth token request (`application/x-www-form-urlencoded`, RFC 6749 §4) and the client
/// credentials an HTTP Basic `Authorization` header may carry (`client_secret_basic`). Read leniently, as OAuth
/// libraries write them: names in any case, `+` for spaces, the first of a repeated name wins.
public enum OAuthForm {
    /// Most parameters read from one form; token requests carry fewer than a dozen.
    public static let maximumParameters = 64

    /// The parameters of a form body, names lower-cased. Pairs that do not decode are skipped.
    public static func parse(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true).prefix(maximumParameters) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let first = parts.first, let name = decode(first)?.lowercased(), !name.isEmpty, result[name] == nil else { continue }
            result[name] = parts.count > 1 ? decode(parts[1]) ?? "" : ""
        }
        return result
    }

    /// The client id and secret of a `Basic` header; `nil` when the header is anything else.
    public static func basicCredentials(_ header: String?) -> (id: String, secret: String)? {
        guard let header, header.utf8.count < 4096 else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic", let data = Data(base64Encoded: String(parts[1])),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        // RFC 6749 §2.3.1: both halves are form-encoded before Basic encoding.
        let id = String(text[..<colon]).removingPercentEncoding ?? ""
        let secret = String(text[text.index(after: colon)...]).removingPercentEncoding ?? ""
        return (id, secret)
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

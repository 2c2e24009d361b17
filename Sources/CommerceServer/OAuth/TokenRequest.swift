import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The parameters of a token request: the form body (`application/x-www-form-urlencoded`), plus the client
/// credentials of an HTTP Basic `Authorization` header (`client_secret_basic`, which some OAuth libraries use).
struct TokenRequest: Sendable {
    /// Largest form body read; token requests are a few hundred bytes.
    static let maxBodyBytes = 64 * 1024

    var parameters: [String: String]

    subscript(_ name: String) -> String? {
        parameters[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Reads the request. Names are matched in lower case (clients are sloppy); the first of a repeated name wins.
    static func read(_ request: Request) async throws(OAuthError) -> TokenRequest {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBodyBytes)
        } catch {
            throw OAuthError.invalidRequest(900144, "The request body is larger than \(maxBodyBytes) bytes.")
        }
        var parameters = parseForm(String(buffer: buffer))
        if let basic = basicCredentials(request.headers[.authorization]) {
            parameters["client_id"] = parameters["client_id"] ?? basic.id
            parameters["client_secret"] = parameters["client_secret"] ?? basic.secret
        }
        return TokenRequest(parameters: parameters)
    }

    static func parseForm(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0])?.lowercased(), !name.isEmpty, result[name] == nil else { continue }
            result[name] = parts.count > 1 ? decode(parts[1]) ?? "" : ""
        }
        return result
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    private static func basicCredentials(_ header: String?) -> (id: String, secret: String)? {
        guard let header, header.count < 4096 else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic", let data = Data(base64Encoded: String(parts[1])),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        // RFC 6749 §2.3.1: both halves are form-encoded before Basic encoding.
        let id = String(text[..<colon]).removingPercentEncoding ?? ""
        let secret = String(text[text.index(after: colon)...]).removingPercentEncoding ?? ""
        return (id, secret)
    }
}

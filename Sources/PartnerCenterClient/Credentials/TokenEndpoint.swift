import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The v2 token endpoint of an Entra-shaped authority (Microsoft's, or this server's): posts a form, reads
/// Entra's JSON answer.
struct TokenEndpoint: Sendable {
    let authority: String
    let tenantID: String
    let http: HTTPClient

    /// What a successful token request gave back.
    struct Grant: Sendable {
        var accessToken: String
        var refreshToken: String?
        var expiresIn: Double

        var cached: CachedToken { CachedToken(value: accessToken, renewAt: Date().addingTimeInterval(max(0, expiresIn - 60))) }
    }

    /// Posts `form` to `{authority}/{tenant}/oauth2/v2.0/token`.
    func request(_ form: [(String, String)]) async throws -> Grant {
        var request = HTTPClientRequest(url: "\(authority)/\(tenantID.formEscaped)/oauth2/v2.0/token")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(string: form.map { "\($0)=\($1.formEscaped)" }.joined(separator: "&")))
        let response: HTTPClientResponse
        let data: Data
        do {
            response = try await http.execute(request, timeout: .seconds(60))
            data = Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
        } catch {
            if Task.isCancelled || error is CancellationError { throw CancellationError() }
            // Reported as the API's own failures are, so a caller handles "the authority is unreachable" once.
            throw PartnerCenterError(
                kind: PartnerCenterClient.isTimeout(error) ? .timeout : .network, requestID: "", correlationID: "",
                underlying: "token endpoint \(authority): \(error)"
            )
        }
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        guard response.status == .ok, let token = object["access_token"] as? String else {
            throw TokenRequestError(
                status: Int(response.status.code), error: object["error"] as? String ?? "unknown",
                description: object["error_description"] as? String ?? String(decoding: data.prefix(2_000), as: UTF8.self),
                codes: object["error_codes"] as? [Int] ?? []
            )
        }
        // Entra v1 sends numbers as strings; v2 as numbers.
        let lifetime = (object["expires_in"] as? Double) ?? Double(object["expires_in"] as? String ?? "") ?? 3600
        return Grant(accessToken: token, refreshToken: object["refresh_token"] as? String, expiresIn: lifetime)
    }
}

/// The token endpoint said no, in Entra's terms.
public struct TokenRequestError: Error, Sendable, CustomStringConvertible {
    public let status: Int
    /// The OAuth error, e.g. `invalid_client`.
    public let error: String
    /// Entra's message (`error_description`), or the raw body when it sent no JSON.
    public let description: String
    /// Entra's `AADSTS` numbers.
    public let codes: [Int]
}

/// The scopes an App+User token asks for: Partner Center on the user's behalf, and a refresh token.
let userScope = "https://api.partnercenter.microsoft.com/user_impersonation offline_access"

extension String {
    var formEscaped: String { addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? self }
}

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// App-only tokens from an Entra ID–shaped token endpoint (this server's, or `https://login.microsoftonline.com`),
/// by the v2 client-credentials grant. Cached until a minute before they expire, so it can be passed straight
/// to ``PartnerCenterClient`` as `accessToken: credentials.token`.
public actor ClientCredentials {
    /// e.g. `http://127.0.0.1:8080` (this server) or `https://login.microsoftonline.com`.
    public let authority: String
    public let tenantID: String
    public let clientID: String
    private let clientSecret: String
    private let http: HTTPClient
    private var cached: (token: String, renewAt: Date)?

    /// The scope of a Partner Center App-only token.
    public static let scope = "https://api.partnercenter.microsoft.com/.default"

    public init(authority: String, tenantID: String, clientID: String, clientSecret: String, httpClient: HTTPClient = .shared) {
        self.authority = authority.hasSuffix("/") ? String(authority.dropLast()) : authority
        self.tenantID = tenantID
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.http = httpClient
    }

    /// A valid access token: the cached one, or a new one from the token endpoint.
    public func token() async throws -> String {
        if let cached, cached.renewAt > Date() { return cached.token }
        var request = HTTPClientRequest(url: "\(authority)/\(tenantID.formEscaped)/oauth2/v2.0/token")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let form = [("grant_type", "client_credentials"), ("client_id", clientID), ("client_secret", clientSecret), ("scope", Self.scope)]
        request.body = .bytes(ByteBuffer(string: form.map { "\($0)=\($1.formEscaped)" }.joined(separator: "&")))
        let response = try await http.execute(request, timeout: .seconds(60))
        let data = Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        guard response.status == .ok, let token = object["access_token"] as? String else {
            throw TokenRequestError(
                status: Int(response.status.code), error: object["error"] as? String ?? "unknown",
                description: object["error_description"] as? String ?? String(decoding: data, as: UTF8.self),
                codes: object["error_codes"] as? [Int] ?? []
            )
        }
        let lifetime = (object["expires_in"] as? Double) ?? Double(object["expires_in"] as? String ?? "") ?? 3600
        cached = (token, Date().addingTimeInterval(max(0, lifetime - 60)))
        return token
    }
}

/// The token endpoint said no, in Entra's terms.
public struct TokenRequestError: Error, Sendable, CustomStringConvertible {
    public let status: Int
    /// The OAuth error, e.g. `invalid_client`.
    public let error: String
    public let description: String
    /// Entra's `AADSTS` numbers.
    public let codes: [Int]
}

extension String {
    var formEscaped: String { addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? self }
}

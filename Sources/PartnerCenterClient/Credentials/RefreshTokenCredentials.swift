import AsyncHTTPClient
import Synchronization

/// App+User tokens from a refresh token, as the Secure Application Model has a partner keep one: each renewal
/// redeems the newest refresh token and keeps the one the answer rotates in (read it back with
/// ``currentRefreshToken()`` to store it).
public struct RefreshTokenCredentials: AccessTokenProvider {
    public let authority: String
    public let tenantID: String
    public let clientID: String
    private let clientSecret: String?
    private let endpoint: TokenEndpoint
    private let cache = TokenCache()
    private let refreshToken: RefreshTokenBox

    /// - Parameter clientSecret: for a confidential app (a web app registration); `nil` for a public client.
    public init(
        authority: String, tenantID: String, clientID: String, clientSecret: String? = nil, refreshToken: String,
        httpClient: HTTPClient = .partnerCenter
    ) {
        self.authority = PartnerCenterEnvironment.trimmed(authority)
        self.tenantID = tenantID
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.endpoint = TokenEndpoint(authority: self.authority, tenantID: tenantID, http: httpClient)
        self.refreshToken = RefreshTokenBox(refreshToken)
    }

    public func token() async throws -> String {
        try await cache.token { [endpoint, clientID, clientSecret, refreshToken] in
            var form = [("grant_type", "refresh_token"), ("client_id", clientID), ("refresh_token", refreshToken.value), ("scope", userScope)]
            if let clientSecret { form.append(("client_secret", clientSecret)) }
            let grant = try await endpoint.request(form)
            if let rotated = grant.refreshToken { refreshToken.value = rotated }
            return grant.cached
        }
    }

    /// The refresh token to keep for next time: the one given, or the newest the authority rotated in.
    public func currentRefreshToken() -> String { refreshToken.value }
}

/// The newest refresh token, shared by copies of the credentials.
final class RefreshTokenBox: Sendable {
    private let stored: Mutex<String>
    init(_ value: String) { stored = Mutex(value) }
    var value: String {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}

import AsyncHTTPClient

/// App+User tokens from a user name and password (the resource-owner password grant). This server offers it
/// for tests and scripts; Microsoft's authority refuses it for accounts with MFA, which Partner Center requires,
/// so against Microsoft use ``RefreshTokenCredentials``. After the first sign-in, renewals redeem the refresh
/// token the sign-in returned instead of sending the password again.
public struct PasswordCredentials: AccessTokenProvider {
    public let authority: String
    public let tenantID: String
    public let clientID: String
    public let userName: String
    private let password: String
    private let endpoint: TokenEndpoint
    private let cache = TokenCache()
    private let refreshToken = RefreshTokenBox("")

    public init(authority: String, tenantID: String, clientID: String, userName: String, password: String, httpClient: HTTPClient = .partnerCenter) {
        self.authority = PartnerCenterEnvironment.trimmed(authority)
        self.tenantID = tenantID
        self.clientID = clientID
        self.userName = userName
        self.password = password
        self.endpoint = TokenEndpoint(authority: self.authority, tenantID: tenantID, http: httpClient)
    }

    public func token() async throws -> String {
        try await cache.token { [endpoint, clientID, userName, password, refreshToken] in
            let saved = refreshToken.value
            if !saved.isEmpty,
                let grant = try? await endpoint.request([
                    ("grant_type", "refresh_token"), ("client_id", clientID), ("refresh_token", saved), ("scope", userScope),
                ])
            {
                refreshToken.value = grant.refreshToken ?? saved
                return grant.cached
            }
            let grant = try await endpoint.request([
                ("grant_type", "password"), ("client_id", clientID), ("username", userName), ("password", password), ("scope", userScope),
            ])
            refreshToken.value = grant.refreshToken ?? ""
            return grant.cached
        }
    }

    /// The refresh token of the latest sign-in (empty before the first), e.g. to save for `login`.
    public func currentRefreshToken() -> String { refreshToken.value }
}

import AsyncHTTPClient

/// App-only tokens by the v2 client-credentials grant, from Microsoft's authority or this server's. Cached until
/// a minute before they expire; concurrent callers share one renewal.
public struct ClientCredentials: AccessTokenProvider {
    public let authority: String
    public let tenantID: String
    public let clientID: String
    private let clientSecret: String
    private let endpoint: TokenEndpoint
    private let cache = TokenCache()

    /// The scope of a Partner Center App-only token.
    public static let scope = "https://api.partnercenter.microsoft.com/.default"

    /// - Parameter authority: e.g. `PartnerCenterEnvironment.global.authority`, or this server's base URL.
    public init(authority: String, tenantID: String, clientID: String, clientSecret: String, httpClient: HTTPClient = .partnerCenter) {
        self.authority = PartnerCenterEnvironment.trimmed(authority)
        self.tenantID = tenantID
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.endpoint = TokenEndpoint(authority: self.authority, tenantID: tenantID, http: httpClient)
    }

    public func token() async throws -> String {
        try await cache.token { [endpoint, clientID, clientSecret] in
            try await endpoint.request([
                ("grant_type", "client_credentials"), ("client_id", clientID), ("client_secret", clientSecret), ("scope", Self.scope),
            ]).cached
        }
    }
}

/// Something that hands out a valid bearer token for the API. The client asks before every attempt, so a
/// provider that caches and renews (``ClientCredentials``, ``RefreshTokenCredentials``,
/// ``PasswordCredentials``) keeps long-running callers signed in.
public protocol AccessTokenProvider: Sendable {
    /// A token valid for at least the next minute.
    func token() async throws -> String
}

/// A token obtained elsewhere (`PARTNER_CENTER_TOKEN`, `partner-commerce token`, a test): used as it is.
public struct StaticAccessToken: AccessTokenProvider {
    let value: String
    public init(_ value: String) { self.value = value }
    public func token() async throws -> String { value }
}

/// A caller's own way of getting tokens, as a closure (MSAL, azure-identity, a secret store).
public struct AccessTokenFunction: AccessTokenProvider {
    let function: @Sendable () async throws -> String
    public init(_ function: @escaping @Sendable () async throws -> String) { self.function = function }
    public func token() async throws -> String { try await function() }
}

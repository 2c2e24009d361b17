import Foundation

/// An access token and when to stop using it.
struct CachedToken: Sendable {
    var value: String
    /// A minute before the token expires, so no request leaves with a token about to lapse.
    var renewAt: Date
}

/// Keeps one token and renews it before it expires, with at most one renewal in flight: concurrent callers
/// that find the token stale all wait for the same request to the token endpoint instead of each sending one.
actor TokenCache {
    private var cached: CachedToken?
    private var renewal: Task<CachedToken, any Error>?

    /// The cached token, or the result of `renew` (shared by everyone who asks while it runs).
    func token(renew: @escaping @Sendable () async throws -> CachedToken) async throws -> String {
        if let cached, cached.renewAt > Date() { return cached.value }
        if let renewal { return try await renewal.value.value }
        let task = Task { try await renew() }
        renewal = task
        defer { renewal = nil }
        let fresh = try await task.value
        cached = fresh
        return fresh.value
    }

    /// Forgets the token, so the next call renews it.
    func invalidate() { cached = nil }
}

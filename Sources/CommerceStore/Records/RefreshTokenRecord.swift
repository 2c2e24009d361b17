import Foundation

/// A refresh token handed out by a user sign-in, kept as the SHA-256 of the token so a leaked store leaks no tokens.
public struct RefreshTokenRecord: Sendable, Equatable {
    public var tokenHash: String
    public var partnerID: String
    public var clientID: String
    public var userID: String
    /// The scope it was granted for, as sent back in the token response.
    public var scope: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(tokenHash: String, partnerID: String, clientID: String, userID: String, scope: String, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.partnerID = partnerID.lowercased()
        self.clientID = clientID.lowercased()
        self.userID = userID.lowercased()
        self.scope = scope
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

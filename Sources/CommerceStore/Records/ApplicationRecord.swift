import Foundation

/// An app registration of a partner: what `client_id` and `client_secret` sign in as.
public struct ApplicationRecord: Sendable, Equatable {
    /// The application (client) id, a GUID; the `appid` claim of its tokens.
    public var clientID: String
    public var partnerID: String
    /// The object id of the app's service principal; the `oid` claim of its App-only tokens.
    public var objectID: String
    public var displayName: String
    /// The client secret's hash (never the secret itself); see `SecretHash` in CommerceServer.
    public var secretHash: String
    public var createdAt: Date
    /// When set, the app can neither get nor use tokens.
    public var deletedAt: Date?

    public init(
        clientID: String, partnerID: String, objectID: String, displayName: String, secretHash: String, createdAt: Date, deletedAt: Date? = nil
    ) {
        self.clientID = clientID.lowercased()
        self.partnerID = partnerID.lowercased()
        self.objectID = objectID.lowercased()
        self.displayName = displayName
        self.secretHash = secretHash
        self.createdAt = createdAt
        self.deletedAt = deletedAt
    }
}

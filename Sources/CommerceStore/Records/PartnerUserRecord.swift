import Foundation

/// A user of a partner tenant, who signs in for App+User tokens.
public struct PartnerUserRecord: Sendable, Equatable {
    /// The user's object id; the `oid` claim of its tokens and what `lastModifiedUser` records.
    public var objectID: String
    public var partnerID: String
    /// The sign-in name, kept lower-case; unique across the store, as in Entra ID.
    public var userPrincipalName: String
    public var displayName: String
    /// The password's hash (never the password itself).
    public var passwordHash: String
    /// Partner Center roles, e.g. `AdminAgent`, `SalesAgent`, `HelpdeskAgent`.
    public var roles: [String]
    public var createdAt: Date
    /// When set, the user can neither sign in nor use tokens.
    public var disabledAt: Date?

    public init(
        objectID: String, partnerID: String, userPrincipalName: String, displayName: String, passwordHash: String, roles: [String],
        createdAt: Date, disabledAt: Date? = nil
    ) {
        self.objectID = objectID.lowercased()
        self.partnerID = partnerID.lowercased()
        self.userPrincipalName = userPrincipalName.lowercased()
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.roles = roles
        self.createdAt = createdAt
        self.disabledAt = disabledAt
    }
}

import Foundation

/// A key the server signs access tokens with. Kept in the store so every node verifies the same tokens.
public struct SigningKeyRecord: Sendable, Equatable {
    /// The `kid` header of the tokens it signs.
    public var kid: String
    /// The JWS algorithm, e.g. `ES256`.
    public var algorithm: String
    /// The private key, PEM-encoded.
    public var privatePEM: String
    public var createdAt: Date
    /// When a newer key replaced it. A retired key signs nothing more but still verifies the tokens it signed.
    public var retiredAt: Date?

    public init(kid: String, algorithm: String, privatePEM: String, createdAt: Date, retiredAt: Date? = nil) {
        self.kid = kid
        self.algorithm = algorithm
        self.privatePEM = privatePEM
        self.createdAt = createdAt
        self.retiredAt = retiredAt
    }
}

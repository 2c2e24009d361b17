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

    public init(kid: String, algorithm: String, privatePEM: String, createdAt: Date) {
        self.kid = kid
        self.algorithm = algorithm
        self.privatePEM = privatePEM
        self.createdAt = createdAt
    }
}

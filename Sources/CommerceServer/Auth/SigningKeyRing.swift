import CommerceStore
import Foundation
import JWTKit

/// The signing keys one node holds at a time: every key that may still verify a token, and the one that signs.
struct SigningKeyRing: Sendable {
    let keys: JWTKeyCollection
    let signingKid: String
    /// The public halves, for the JWKS document.
    let publicKeys: [(kid: String, key: ES256PublicKey)]
    let loadedAt: Date

    /// Builds the ring from the store's keys, leaving out keys retired longer ago than any token lives.
    static func make(from records: [SigningKeyRecord], now: Date, retiredKeyLifetime: TimeInterval) async throws -> SigningKeyRing {
        let keys = JWTKeyCollection()
        var publicKeys: [(String, ES256PublicKey)] = []
        var signing: String?
        for record in records where record.algorithm == "ES256" {
            if let retired = record.retiredAt, retired.addingTimeInterval(retiredKeyLifetime) <= now { continue }
            let key = try ES256PrivateKey(pem: record.privatePEM)
            await keys.add(ecdsa: key, kid: JWKIdentifier(string: record.kid))
            publicKeys.append((record.kid, key.publicKey))
            if record.retiredAt == nil { signing = record.kid }
        }
        // A store whose keys were all retired by another node's rotation in progress still signs with the newest.
        guard let signingKid = signing ?? publicKeys.last?.0 else {
            throw SigningKeyRingError.noUsableKey
        }
        return SigningKeyRing(keys: keys, signingKid: signingKid, publicKeys: publicKeys, loadedAt: now)
    }

    func knows(kid: String) -> Bool { publicKeys.contains { $0.kid == kid } }
}

enum SigningKeyRingError: Error, CustomStringConvertible {
    case noUsableKey
    var description: String { "The store holds no usable token signing key." }
}

import CommerceCore
import Crypto
import CryptoExtras
import Foundation
import NIOCore
import NIOPosix

/// How secrets are made, kept and checked (issue 4, security hygiene): only hashes are stored, every comparison
/// takes the same time whatever the input, and new secrets come from the system's CSPRNG, never from the
/// (possibly seeded) id generator.
public enum SecretHash {
    /// PBKDF2-SHA256 rounds for passwords (OWASP's 2023 figure). Stored with each hash, so it can be raised later.
    public static let passwordRounds = 600_000

    /// A new random secret: `bytes` random bytes, base64url without padding (43 characters for 32 bytes).
    public static func newSecret(bytes: Int = 32) -> String {
        let key = SymmetricKey(size: SymmetricKeySize(bitCount: bytes * 8))
        return key.withUnsafeBytes { Base64URL.encode(Data($0)) }
    }

    /// The stored form of a high-entropy secret (client secret, admin key, refresh token): `sha256$<hex>`.
    /// A slow hash adds nothing for 256-bit random secrets, and lookups by hash stay possible.
    public static func ofRandomSecret(_ secret: String) -> String {
        "sha256$" + Hex.encode(SHA256.hash(data: Data(secret.utf8)))
    }

    /// The stored form of a password: `pbkdf2-sha256$<rounds>$<salt>$<hash>`, salt and hash base64url.
    public static func ofPassword(_ password: String, rounds: Int = passwordRounds) async throws -> String {
        let salt = SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }
        let derived = try await derive(password, salt: salt, rounds: rounds)
        return "pbkdf2-sha256$\(rounds)$\(Base64URL.encode(salt))$\(Base64URL.encode(derived))"
    }

    /// Thrown instead of queueing a password hash when `maximumPendingHashes` are already waiting or running:
    /// the caller answers "try again" at once rather than joining a queue that only grows.
    public struct Busy: Error, Sendable {}

    /// Password hashes allowed in flight at once (running or queued for the hashing pool): at about 70 ms a hash,
    /// 32 per thread make a burst wait at most a couple of seconds, and a flood is refused instead of queued.
    public static let maximumPendingHashes = 32 * hashingThreads

    /// Whether `candidate` is the secret or password `stored` was made from; false for any malformed hash.
    /// Throws ``Busy`` when a password hash would have to queue behind too many others.
    public static func matches(_ candidate: String, stored: String) async throws(Busy) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        switch parts.first {
        case "sha256" where parts.count == 2:
            return constantTimeEquals(Data(ofRandomSecret(candidate).utf8), Data(stored.utf8))
        case "pbkdf2-sha256" where parts.count == 4:
            guard let rounds = Int(parts[1]), (210_000...10_000_000).contains(rounds), let salt = Base64URL.decode(parts[2]),
                let expected = Base64URL.decode(parts[3])
            else { return false }
            let derived: Data
            do {
                derived = try await derive(candidate, salt: salt, rounds: rounds)
            } catch let busy as Busy {
                throw busy
            } catch {
                return false
            }
            return constantTimeEquals(derived, expected)
        default:
            return false
        }
    }

    /// Compares without stopping at the first difference, so timing reveals nothing about how much matched.
    public static func constantTimeEquals(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }

    /// PBKDF2 holds a core for tens of milliseconds, so it runs on a pool of its own: on the cooperative pool a
    /// pair of sign-ins would stall every other request, and on NIO's shared pool it would queue ahead of
    /// SQLite's queries, which run there. Half the cores at most, so sign-ins never take the whole machine.
    private static let hashingThreads = max(1, System.coreCount / 2)

    private static let hashingPool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: hashingThreads)
        pool.start()
        return pool
    }()

    /// Hashes in flight, against ``maximumPendingHashes``.
    private static let admission = HashAdmission(limit: maximumPendingHashes)

    private static func derive(_ password: String, salt: Data, rounds: Int) async throws -> Data {
        guard admission.enter() else { throw Busy() }
        defer { admission.leave() }
        return try await hashingPool.runIfActive {
            let key = try KDF.Insecure.PBKDF2.deriveKey(from: Data(password.utf8), salt: salt, using: .sha256, outputByteCount: 32, rounds: rounds)
            return key.withUnsafeBytes { Data($0) }
        }
    }
}

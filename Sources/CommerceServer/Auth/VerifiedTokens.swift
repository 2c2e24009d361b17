import CommerceCore
import Foundation
import Synchronization

/// Tokens this node has verified, so a client sending the same bearer token on every call pays for the
/// signature check once rather than on each request (an ES256 check and a JWT decode are most of what an
/// authenticated request costs).
///
/// An entry is keyed by the exact token text, so a token altered in any byte never matches. It is used only
/// while all of these still hold, and otherwise checked again in full:
/// - now lies in the token's own window (`nbf` less the tolerated skew, up to `exp`), whatever the clock did;
/// - the signing keys are the ones it was checked with (a reload may have dropped its key);
/// - no revocation committed on this node since its subjects were read (`IdentityChanges`);
/// - its subjects were read less than `recheckAfter` ago (real time, whatever the server's clock says), which
///   bounds how long a revocation made by another node or process goes unseen. Entra ID itself honours an
///   access token until it expires.
final class VerifiedTokens: Sendable {
    struct Entry: Sendable {
        var identity: CallerIdentity
        var subjects: TokenSubjectIDs
        var validFrom: Date
        var validUntil: Date
        var keyGeneration: Int
        var identityGeneration: Int
        var subjectsReadAt: ContinuousClock.Instant
    }

    /// What a look-up found: nothing usable, a token whose signature holds but whose subjects must be read
    /// again, or the identity to use as it is.
    enum Hit {
        case miss
        case recheckSubjects(Entry)
        case fresh(CallerIdentity)
    }

    /// How long subjects read for a token are trusted without reading them again.
    static let recheckAfter: Duration = .seconds(1)
    /// The most tokens kept; a full cache is emptied (entries are only made from valid tokens, so filling it
    /// takes minting that many, and the cost of a refill is one signature check each).
    static let capacity = 10_000

    private let entries = Mutex<[String: Entry]>([:])

    func lookup(_ token: String, now: Date, instant: ContinuousClock.Instant, keyGeneration: Int, identityGeneration: Int) -> Hit {
        guard let entry = entries.withLock({ $0[token] }) else { return .miss }
        guard entry.validFrom <= now, now < entry.validUntil, entry.keyGeneration == keyGeneration else { return .miss }
        let recent = entry.subjectsReadAt.duration(to: instant) < Self.recheckAfter
        return entry.identityGeneration == identityGeneration && recent ? .fresh(entry.identity) : .recheckSubjects(entry)
    }

    func keep(_ token: String, _ entry: Entry) {
        entries.withLock { entries in
            if entries.count >= Self.capacity, entries[token] == nil { entries.removeAll(keepingCapacity: true) }
            entries[token] = entry
        }
    }

    func forget(_ token: String) {
        _ = entries.withLock { $0.removeValue(forKey: token) }
    }
}

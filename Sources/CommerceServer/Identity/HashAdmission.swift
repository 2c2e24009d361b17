import NIOConcurrencyHelpers

/// A counter of work in flight with a hard limit: `enter` says no at once instead of letting a queue grow.
/// Password hashing uses one, so a flood of sign-ins is refused rather than queued behind itself.
final class HashAdmission: Sendable {
    let limit: Int
    private let inFlight = NIOLockedValueBox(0)

    init(limit: Int) { self.limit = max(limit, 1) }

    /// Takes a place; false when all `limit` places are taken.
    func enter() -> Bool {
        inFlight.withLockedValue { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    /// Gives a place back.
    func leave() { inFlight.withLockedValue { $0 = max($0 - 1, 0) } }
}

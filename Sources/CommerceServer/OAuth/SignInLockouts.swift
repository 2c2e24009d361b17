import CommerceCore
import CommerceStore

/// Where the sign-in lockout (`SignInFailures`) is counted: in this process (`SignInLockout`, one node) or in
/// the store (`SharedSignInLockout`, PostgreSQL), so that guessing through several nodes is locked just as fast.
protocol SignInLockouts: Sendable {
    func isLocked(_ name: String) async throws -> Bool
    func recordFailure(_ name: String) async throws
    func recordSuccess(_ name: String) async throws
}

/// The lockout for a store: shared by every node when several nodes serve it (PostgreSQL), this process's own
/// otherwise (SQLite).
func makeSignInLockout(store: Store, clock: any CommerceClock) -> any SignInLockouts {
    store.capabilities.sharedByNodes ? SharedSignInLockout(store: store, clock: clock) : SignInLockout(clock: clock)
}

/// The lockout kept in the store, one row per name that failed recently.
struct SharedSignInLockout: SignInLockouts {
    let store: Store
    let clock: any CommerceClock
    var policy = SignInFailures.Policy()

    func isLocked(_ name: String) async throws -> Bool {
        try await store.signInFailures(name.lowercased())?.isLocked(at: clock.now()) ?? false
    }

    func recordFailure(_ name: String) async throws {
        let now = clock.now()
        let policy = self.policy
        try await store.updateSignInFailures(name.lowercased()) { current in
            var failures = current ?? SignInFailures(windowStart: now)
            failures.recordFailure(at: now, policy: policy)
            return failures
        }
    }

    func recordSuccess(_ name: String) async throws {
        try await store.updateSignInFailures(name.lowercased()) { current in
            guard var failures = current else { return nil }
            failures.recordSuccess()
            return failures
        }
    }
}

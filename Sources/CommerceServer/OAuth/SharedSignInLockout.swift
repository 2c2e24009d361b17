import CommerceCore
import CommerceStore

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

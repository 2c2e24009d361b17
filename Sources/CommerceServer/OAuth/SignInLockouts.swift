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
    // On the server's time, like the limits: one user name's failures may come on several partners' clocks.
    let clock = ServerTimeClock(clock)
    return store.capabilities.sharedByNodes ? SharedSignInLockout(store: store, clock: clock) : SignInLockout(clock: clock)
}

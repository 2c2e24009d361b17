import CommerceCore
import CommerceStore

/// Where request limits are counted: in this process (`ThrottleBuckets`, one node) or in the store
/// (`SharedThrottleCounter`, PostgreSQL), so that N nodes behind a load balancer allow the limit, not N times it.
protocol ThrottleCounter: Sendable {
    /// Takes one request from every limit, or from none: `nil` when the call may go ahead, else the longest wait
    /// in seconds.
    func take(_ wanted: [(key: String, perMinute: Int)]) async throws -> Double?
    /// Whether one request could be taken from `key` now, taking nothing: `nil` when it could, else the wait in
    /// seconds. For a budget drawn from only after the fact (failed sign-ins), but looked at before the work.
    func wait(_ key: String, perMinute: Int) async throws -> Double?
}

/// A wait as the whole seconds `Retry-After` carries: at least 1, and never a number that cannot be held.
func retryAfterSeconds(_ wait: Double) -> Int {
    guard wait.isFinite else { return 3600 }
    return Int(min(max(wait.rounded(.up), 1), 3600))
}

/// The counter for a store: shared by every node when several nodes serve it (PostgreSQL), this process's own
/// otherwise (SQLite).
func makeThrottleCounter(store: Store, clock: any CommerceClock) -> any ThrottleCounter {
    // On the server's time: a cell counts every partner's calls from one address (``ServerTimeClock``).
    let clock = ServerTimeClock(clock)
    return store.capabilities.sharedByNodes ? SharedThrottleCounter(store: store, clock: clock) : ThrottleBuckets(clock: clock)
}

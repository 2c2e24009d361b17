import CommerceCore
import Foundation

/// The token buckets of this process, on the injected clock.
///
/// Keys come from client input (a customer id in the path, a client id, a remote address), so the table is
/// bounded: past `capacity` keys, buckets that have refilled (which behave exactly like absent ones) are
/// dropped, and if that is not enough, the least recently used half goes.
actor ThrottleBuckets {
    private let clock: any CommerceClock
    private let capacity: Int
    private var buckets: [String: TokenBucket] = [:]

    init(clock: any CommerceClock, capacity: Int = 100_000) {
        self.clock = clock
        self.capacity = max(capacity, 1)
    }

    /// How many keys are tracked now (tests check the bound).
    var count: Int { buckets.count }

    /// Takes a token from every bucket, or from none: returns the longest wait when any bucket is empty.
    func take(_ wanted: [(key: String, perMinute: Int)]) -> TimeInterval? {
        let now = clock.now()
        var trial = buckets
        var wait: TimeInterval = 0
        for (key, perMinute) in wanted {
            var bucket = trial[key] ?? TokenBucket(perMinute: perMinute, at: now)
            if let needed = bucket.take(at: now) { wait = max(wait, needed) }
            trial[key] = bucket
        }
        guard wait == 0 else { return wait }
        buckets = trial
        if buckets.count > capacity { evict(now: now) }
        return nil
    }

    private func evict(now: Date) {
        buckets = buckets.filter { !$0.value.isFull(at: now) }
        guard buckets.count > capacity / 2 else { return }
        let keep = buckets.sorted { $0.value.updatedAt > $1.value.updatedAt }.prefix(capacity / 2)
        buckets = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
    }

    /// A wait as the whole seconds `Retry-After` carries: at least 1, and never a number that cannot be held.
    static func retryAfterSeconds(_ wait: TimeInterval) -> Int {
        guard wait.isFinite else { return 3600 }
        return Int(min(max(wait.rounded(.up), 1), 3600))
    }
}

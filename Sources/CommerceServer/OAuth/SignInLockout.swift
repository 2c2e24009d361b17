import CommerceCore
import Foundation

/// Entra ID's smart lockout, in small: after `threshold` wrong passwords for one sign-in name within `window`
/// seconds, that name is refused (without hashing anything) for `duration` seconds. Kept per process, on the
/// server's clock, like the throttling counters; it bounds password guessing at about ten tries a minute.
actor SignInLockout {
    let clock: any CommerceClock
    let threshold: Int
    let window: TimeInterval
    let duration: TimeInterval
    /// Bounds memory when names are made up by the thousand: past this, forgotten entries are dropped first.
    static let maxTracked = 10_000

    private var failures: [String: [Date]] = [:]
    private var lockedUntil: [String: Date] = [:]

    init(clock: any CommerceClock, threshold: Int = 10, window: TimeInterval = 60, duration: TimeInterval = 60) {
        self.clock = clock
        self.threshold = threshold
        self.window = window
        self.duration = duration
    }

    func isLocked(_ name: String) -> Bool {
        guard let until = lockedUntil[name.lowercased()] else { return false }
        return until > clock.now()
    }

    func recordFailure(_ name: String) {
        let key = name.lowercased()
        let now = clock.now()
        var recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
        recent.append(now)
        if recent.count >= threshold {
            lockedUntil[key] = now.addingTimeInterval(duration)
            recent.removeAll()
        }
        failures[key] = recent
        if failures.count + lockedUntil.count > Self.maxTracked { forgetExpired(now: now) }
    }

    func recordSuccess(_ name: String) {
        failures[name.lowercased()] = nil
    }

    /// How many names are tracked now (tests check the bound).
    var trackedCount: Int { failures.count + lockedUntil.count }

    private func forgetExpired(now: Date) {
        failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < window } }
        lockedUntil = lockedUntil.filter { $0.value > now }
        // Made-up names by the thousand within one window: keep the most recent failures. Locks are kept, as
        // they are what the table is for, but a lock table over the bound loses its oldest too.
        if failures.count + lockedUntil.count > Self.maxTracked {
            let room = max(Self.maxTracked / 2 - lockedUntil.count, 0)
            let recent = failures.sorted { ($0.value.last ?? .distantPast) > ($1.value.last ?? .distantPast) }.prefix(room)
            failures = Dictionary(uniqueKeysWithValues: recent.map { ($0.key, $0.value) })
        }
        if lockedUntil.count > Self.maxTracked / 2 {
            let latest = lockedUntil.sorted { $0.value > $1.value }.prefix(Self.maxTracked / 2)
            lockedUntil = Dictionary(uniqueKeysWithValues: latest.map { ($0.key, $0.value) })
        }
    }
}

import CommerceCore
import Foundation

/// The sign-in lockout of this process (`SignInFailures`), on the server's clock: it bounds password guessing at
/// about ten tries a minute per name on one node.
actor SignInLockout: SignInLockouts {
    let clock: any CommerceClock
    let policy: SignInFailures.Policy
    /// Bounds memory when names are made up by the thousand: past this, forgotten entries are dropped first.
    static let maxTracked = 10_000

    private var names: [String: SignInFailures] = [:]

    init(clock: any CommerceClock, threshold: Int = 10, window: TimeInterval = 60, duration: TimeInterval = 60) {
        self.clock = clock
        self.policy = SignInFailures.Policy(threshold: threshold, window: window, duration: duration)
    }

    func isLocked(_ name: String) -> Bool {
        names[name.lowercased()]?.isLocked(at: clock.now()) ?? false
    }

    func recordFailure(_ name: String) {
        let key = name.lowercased()
        let now = clock.now()
        var failures = names[key] ?? SignInFailures(windowStart: now)
        failures.recordFailure(at: now, policy: policy)
        names[key] = failures
        if names.count > Self.maxTracked { forget(now: now) }
    }

    func recordSuccess(_ name: String) {
        names[name.lowercased()]?.recordSuccess()
    }

    /// How many names are tracked now (tests check the bound).
    var trackedCount: Int { names.count }

    private func forget(now: Date) {
        names = names.filter { !$0.value.isForgotten(at: now, policy: policy) }
        // Made-up names by the thousand within one window: keep the locked ones and the most recent failures,
        // half the bound in all, so the table cannot grow past it.
        guard names.count > Self.maxTracked / 2 else { return }
        let kept = names.sorted { lhs, rhs in
            let (left, right) = (lhs.value.isLocked(at: now), rhs.value.isLocked(at: now))
            return left != right ? left : lhs.value.windowStart > rhs.value.windowStart
        }.prefix(Self.maxTracked / 2)
        names = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
    }
}

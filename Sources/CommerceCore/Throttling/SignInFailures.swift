import Foundation

/// Entra ID's smart lockout, in small: how many wrong passwords a sign-in name had in its current window, and
/// until when it is locked. After `threshold` wrong passwords within `window` seconds of the first, the name is
/// refused (without hashing anything) for `duration` seconds: about ten guesses a minute at most.
///
/// Pure, so one rule serves the in-process table of a single node and the table several nodes share.
public struct SignInFailures: Sendable, Equatable {
    /// The lockout's figures.
    public struct Policy: Sendable, Equatable {
        public var threshold: Int
        public var window: TimeInterval
        public var duration: TimeInterval

        public init(threshold: Int = 10, window: TimeInterval = 60, duration: TimeInterval = 60) {
            self.threshold = max(threshold, 1)
            self.window = window
            self.duration = duration
        }
    }

    public var failures: Int
    public var windowStart: Date
    public var lockedUntil: Date?

    public init(failures: Int = 0, windowStart: Date, lockedUntil: Date? = nil) {
        self.failures = failures
        self.windowStart = windowStart
        self.lockedUntil = lockedUntil
    }

    public func isLocked(at now: Date) -> Bool { lockedUntil.map { $0 > now } ?? false }

    /// Counts a wrong password at `now`; the name locks when this one reaches the threshold.
    public mutating func recordFailure(at now: Date, policy: Policy) {
        if now.timeIntervalSince(windowStart) >= policy.window || failures == 0 {
            failures = 0
            windowStart = now
        }
        failures += 1
        if failures >= policy.threshold {
            lockedUntil = now.addingTimeInterval(policy.duration)
            failures = 0
        }
    }

    /// A right password clears the count (a lock stays until it ends).
    public mutating func recordSuccess() { failures = 0 }

    /// True when nothing about the name needs keeping any more.
    public func isForgotten(at now: Date, policy: Policy) -> Bool {
        !isLocked(at: now) && (failures == 0 || now.timeIntervalSince(windowStart) >= policy.window)
    }
}

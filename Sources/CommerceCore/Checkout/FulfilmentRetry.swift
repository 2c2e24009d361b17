import Foundation

/// How often a failing fulfilment is tried again (ARCHITECTURE decision 7): after each failed attempt the job
/// waits twice as long as before, from `firstDelay` up to `longestDelay`, and after `maximumAttempts` attempts
/// it fails for good, so one broken order can neither block the others nor stay `pending` forever.
public struct FulfilmentRetry: Sendable, Equatable {
    public var maximumAttempts: Int
    public var firstDelay: TimeInterval
    public var longestDelay: TimeInterval

    public init(maximumAttempts: Int = 5, firstDelay: TimeInterval = 2, longestDelay: TimeInterval = 300) {
        self.maximumAttempts = max(maximumAttempts, 1)
        self.firstDelay = max(firstDelay, 0)
        self.longestDelay = max(longestDelay, self.firstDelay)
    }

    /// The wait before the next attempt after `attempt` (1 for the first) failed; `nil` when that was the last.
    public func delay(afterAttempt attempt: Int) -> TimeInterval? {
        guard attempt < maximumAttempts else { return nil }
        // The exponent is bounded so the doubling cannot overflow, whatever `attempt` is.
        let doublings = Double(min(max(attempt - 1, 0), 30))
        return min(firstDelay * pow(2, doublings), longestDelay)
    }

    /// True when a job claimed for its `attempt`-th time has already had all its tries (it was claimed again
    /// because the process died while fulfilling it).
    public func isExhausted(claimedFor attempt: Int) -> Bool { attempt > maximumAttempts }
}

/// When a call is tried again. Every attempt of one call carries the same `MS-RequestId`, so the service can
/// tell a retry from a new purchase (clients-and-user-needs P4, P9): retrying a checkout is safe.
///
/// Retried: connection failures, timeouts, 5xx, 408, and 429 after its `Retry-After`. Never retried: every
/// other 4xx, which the same request would only meet again. Attempts and total time are both bounded, so no
/// call loops forever (the Java SDK's #152).
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included (1 turns retries off).
    public var maxAttempts: Int
    /// Seconds one attempt may take, from connecting to the last byte of the answer.
    public var attemptTimeout: Double
    /// Seconds the whole call may take, waits included; no retry starts that would end past it.
    public var totalTimeout: Double
    /// The first back-off in seconds; each later one doubles, up to `maxDelay`.
    public var baseDelay: Double
    public var maxDelay: Double
    /// Wait out 429 answers (for `Retry-After`, else the back-off); when false a 429 is thrown at once.
    public var retryThrottled: Bool

    public init(
        maxAttempts: Int = 4, attemptTimeout: Double = 100, totalTimeout: Double = 300, baseDelay: Double = 0.5, maxDelay: Double = 30,
        retryThrottled: Bool = true
    ) {
        // Clamped so that no setting can overflow a deadline or make the loop unbounded.
        let day = 86_400.0
        self.maxAttempts = min(max(1, maxAttempts), 100)
        self.attemptTimeout = Self.clamp(attemptTimeout, 0.001, day)
        self.totalTimeout = Self.clamp(totalTimeout, 0.001, day)
        self.baseDelay = Self.clamp(baseDelay, 0, day)
        self.maxDelay = Self.clamp(maxDelay, 0, day)
        self.retryThrottled = retryThrottled
    }

    /// Four attempts, 0.5 s, 1 s and 2 s apart; 100 s an attempt, 5 minutes in all.
    public static let standard = Self()
    /// One attempt only.
    public static let none = Self(maxAttempts: 1)

    static func clamp(_ value: Double, _ low: Double, _ high: Double) -> Double { value.isNaN ? low : min(max(value, low), high) }

    /// Whether an answer with this status is worth another attempt.
    public func retries(status: Int) -> Bool {
        if status == 429 { return retryThrottled }
        return status == 408 || status >= 500
    }

    /// The back-off before attempt `attempt + 1` (after `attempt` failed), in seconds.
    public func backOff(after attempt: Int) -> Double {
        let exponent = min(max(attempt - 1, 0), 30)
        return min(maxDelay, baseDelay * Double(1 << exponent))
    }
}

import Foundation

/// A token bucket: `capacity` requests at once, refilled evenly over a minute. Pure and clock-driven, so a test
/// moves time instead of waiting.
public struct TokenBucket: Sendable, Equatable {
    public let capacity: Double
    /// Tokens added per second.
    public let refillRate: Double
    private var tokens: Double
    private var updated: Date

    /// When the bucket was last drawn from.
    public var updatedAt: Date { updated }

    /// Whether the bucket has refilled by `now`: then it behaves exactly like a new one and need not be kept.
    public func isFull(at now: Date) -> Bool {
        tokens + max(0, now.timeIntervalSince(updated)) * refillRate >= capacity
    }

    /// A full bucket allowing `perMinute` requests per minute.
    public init(perMinute: Int, at now: Date) {
        capacity = Double(max(perMinute, 1))
        refillRate = capacity / 60
        tokens = capacity
        updated = now
    }

    /// Takes one token; returns `nil` when the request may go ahead, else the seconds until a token is back.
    public mutating func take(at now: Date) -> TimeInterval? {
        tokens = min(capacity, tokens + max(0, now.timeIntervalSince(updated)) * refillRate)
        updated = max(updated, now)
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return (1 - tokens) / refillRate
    }
}

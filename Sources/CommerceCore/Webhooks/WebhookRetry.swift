import Foundation

/// How often a delivery is tried: up to 10 attempts (as Partner Center makes), each after twice the wait of the one
/// before, from `base` seconds, at most an hour apart.
public enum WebhookRetry {
    public static let maximumAttempts = 10

    /// The wait after failed attempt `attempt` (1-based) before the next one.
    public static func delay(afterAttempt attempt: Int, base: Double) -> Double {
        min(base * pow(2, Double(max(0, min(attempt, 30) - 1))), 3600)
    }
}

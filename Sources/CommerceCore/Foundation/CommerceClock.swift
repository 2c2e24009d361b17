import Foundation
import Synchronization

/// Where every rule reads the time from (ARCHITECTURE decision 6), so tests and the sandbox can move it.
public protocol CommerceClock: Sendable {
    /// The current instant.
    func now() -> Date
}

/// The machine's clock, truncated to whole microseconds so a stored time formats the same way every time.
public struct SystemClock: CommerceClock {
    public init() {}
    public func now() -> Date {
        Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1_000_000).rounded(.down) / 1_000_000)
    }
}

/// A clock that stands still until told to move: for tests and for the sandbox's clock control.
public final class ManualClock: CommerceClock {
    private let current: Mutex<Date>

    public init(_ start: Date) { current = Mutex(start) }

    public func now() -> Date { current.withLock { $0 } }

    /// Moves the clock forward (or back, with a negative interval).
    public func advance(by interval: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(interval) }
    }

    /// Sets the clock to an instant.
    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}

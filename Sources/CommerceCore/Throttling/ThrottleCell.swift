import Foundation

/// One request limit's state (spec §10), kept the way the generic cell rate algorithm (GCRA) keeps it: a single
/// instant per key, the theoretical arrival time of the next request. It admits exactly what a token bucket of
/// `perMinute` tokens, refilled evenly over a minute, admits: `perMinute` requests at once, then one every
/// `60 / perMinute` seconds.
///
/// Its whole state is one integer, so the same rule runs in a process (`ThrottleBuckets`) and, for limits shared
/// by several nodes, inside one atomic database statement (`Store.takeThrottleCells`) that mirrors `take` line
/// for line. Times are whole microseconds so both compute exactly the same answers.
public struct ThrottleCell: Sendable, Equatable {
    /// One minute, the span a limit is expressed over, in microseconds.
    public static let window: Int64 = 60_000_000

    /// The theoretical arrival time, in microseconds since 1970: at or before `now`, the cell is idle (full).
    public private(set) var arrival: Int64

    /// An idle cell.
    public init(at now: Int64) { arrival = now }

    /// A cell as stored.
    public init(arrival: Int64) { self.arrival = arrival }

    /// The spacing of requests at the limit's steady rate; rounded down, so a full burst always fits the window.
    public static func step(perMinute: Int) -> Int64 { window / Int64(min(max(perMinute, 1), 1_000_000)) }

    /// `date` in whole microseconds since 1970.
    public static func microseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down)) }

    /// Takes one request at `now`: `nil` when it may go ahead (the cell moves on), otherwise the seconds until it
    /// could (the cell is unchanged).
    public mutating func take(at now: Int64, perMinute: Int) -> TimeInterval? {
        let step = Self.step(perMinute: perMinute)
        let start = max(arrival, now)
        let excess = (start - now) - (Self.window - step)
        guard excess <= 0 else { return Double(excess) / 1_000_000 }
        arrival = start + step
        return nil
    }

    /// The seconds until a request could be taken at `now`, or `nil` when one could be now; the cell is unchanged.
    public func wait(at now: Int64, perMinute: Int) -> TimeInterval? {
        var copy = self
        return copy.take(at: now, perMinute: perMinute)
    }

    /// True when the cell would behave exactly like a new one, so it need not be kept.
    public func isIdle(at now: Int64) -> Bool { arrival <= now }
}

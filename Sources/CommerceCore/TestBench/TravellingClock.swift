import Foundation
import PartnerCenterModels
import Synchronization

/// How far the server's time is from the machine's: running with an offset, or frozen at an instant. One value,
/// so it can be stored once for every node of a store and applied by each (`/_admin/clock`).
public struct ClockSetting: Codable, Sendable, Equatable {
    /// Seconds added to the machine's time while the clock runs.
    public var offset: TimeInterval
    /// Where time stands still, when frozen.
    public var frozenAt: Date?

    public init(offset: TimeInterval = 0, frozenAt: Date? = nil) {
        self.offset = offset
        self.frozenAt = frozenAt
    }

    /// The machine's own time.
    public static let system = ClockSetting()

    /// The time this setting gives when the machine says `machine`.
    public func now(machine: Date) -> Date { frozenAt ?? machine.addingTimeInterval(offset) }

    /// Stopped where it is now.
    public func frozen(machine: Date) -> ClockSetting { ClockSetting(offset: offset, frozenAt: now(machine: machine)) }

    /// Running again from where it stood (a frozen clock does not jump to the machine's time when it resumes).
    public func resumed(machine: Date) -> ClockSetting {
        guard let frozenAt else { return self }
        return ClockSetting(offset: frozenAt.timeIntervalSince(machine))
    }

    /// The longest single move: a century, far past any term a catalog sells.
    public static let longestMove: TimeInterval = 100 * 365 * 86_400

    /// The latest time the clock may show: stored times keep four-digit years (and sort as text) well before it.
    public static let latest = Date(timeIntervalSince1970: 221_845_392_000)

    /// Moved forward by `interval` seconds, frozen or not. Time never runs backwards: stored instants (orders,
    /// request records, throttling cells) would otherwise lie in the future.
    public func advanced(by interval: TimeInterval, machine: Date) throws(CommerceError) -> ClockSetting {
        guard interval.isFinite, interval >= 0, interval <= Self.longestMove else {
            throw CommerceError(
                .invalidInput, "The clock moves forward by at most 100 years: advance must be between PT0S and P36500D.",
                data: ["advance"])
        }
        let next = frozenAt.map { ClockSetting(offset: offset, frozenAt: $0.addingTimeInterval(interval)) } ?? ClockSetting(offset: offset + interval)
        guard next.now(machine: machine) <= Self.latest else {
            throw CommerceError(.invalidInput, "The clock cannot pass the year 9000.", data: ["advance"])
        }
        return next
    }

    /// Set to `instant`, frozen or not, which must not be before the current time nor more than a century after it.
    public func set(to instant: Date, machine: Date) throws(CommerceError) -> ClockSetting {
        let current = now(machine: machine)
        guard instant >= current else {
            throw CommerceError(
                .invalidInput, "The clock only moves forward: \(WireDate.format(instant)) is before the server's time \(WireDate.format(current)).",
                data: ["set"]
            )
        }
        return try advanced(by: instant.timeIntervalSince(current), machine: machine)
    }
}

/// The clock `serve` runs on: the machine's time as moved by a ``ClockSetting``. Rules read it like any other
/// ``CommerceClock``; the admin API and the store's shared setting move it.
public final class TravellingClock: CommerceClock {
    private let state: Mutex<ClockSetting>
    private let machine = SystemClock()

    public init(_ setting: ClockSetting = .system) { state = Mutex(setting) }

    public func now() -> Date {
        let setting = state.withLock { $0 }
        // Whole microseconds, as SystemClock gives, so stored times format the same way every time.
        let raw = setting.now(machine: machine.now()).timeIntervalSince1970
        return Date(timeIntervalSince1970: (raw * 1_000_000).rounded(.down) / 1_000_000)
    }

    /// The machine's time, for computing a new setting.
    public func machineNow() -> Date { machine.now() }

    public var setting: ClockSetting { state.withLock { $0 } }

    public func apply(_ setting: ClockSetting) { state.withLock { $0 = setting } }
}

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

/// Whose clock the current task reads: a partner with a clock of its own (`/_admin/clock` with `partnerId`) sees
/// its own time in every rule its requests and its background work run, without each rule being told.
public enum ClockScope {
    /// The partner tenant (lower case) the current work is for; `nil` reads the server's clock.
    @TaskLocal public static var partner: String?
}

extension CommerceClock {
    /// The time `partner` sees (the server's with `nil`): its own clock's when it has one.
    public func now(partner: String?) -> Date {
        ClockScope.$partner.withValue(partner?.lowercased()) { now() }
    }
}

/// The clock `serve` runs on: the machine's time as moved by a ``ClockSetting``, and partners' own settings for work
/// done in their ``ClockScope``. Rules read it like any other ``CommerceClock``; the admin API and the store's
/// shared settings move it.
public final class TravellingClock: CommerceClock {
    private struct Settings {
        var server: ClockSetting
        var partners: [String: ClockSetting] = [:]
        /// Counts the changes applied on this node, so a periodic re-read that began before one cannot undo it.
        var generation = 0
    }

    private let state: Mutex<Settings>
    private let machine = SystemClock()

    public init(_ setting: ClockSetting = .system) { state = Mutex(Settings(server: setting)) }

    public func now() -> Date {
        let setting = state.withLock { settings in
            // No task-local read while no partner has a clock of its own: the common case costs what it did.
            settings.partners.isEmpty ? settings.server : ClockScope.partner.flatMap { settings.partners[$0] } ?? settings.server
        }
        return Self.microseconds(setting.now(machine: machine.now()))
    }

    /// Whole microseconds, as SystemClock gives, so stored times format the same way every time.
    static func microseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1_000_000).rounded(.down) / 1_000_000)
    }

    /// The machine's time, for computing a new setting.
    public func machineNow() -> Date { machine.now() }

    /// The server's setting.
    public var setting: ClockSetting { state.withLock { $0.server } }

    /// `partner`'s own setting, or the server's.
    public func setting(partner: String?) -> ClockSetting {
        state.withLock { settings in partner.flatMap { settings.partners[$0.lowercased()] } ?? settings.server }
    }

    /// Whether any partner has a clock of its own (a request then reads whose it is).
    public var hasPartnerClocks: Bool { state.withLock { !$0.partners.isEmpty } }

    /// The partners with clocks of their own.
    public var partnersWithClocks: [String] { state.withLock { Array($0.partners.keys).sorted() } }

    public func apply(_ setting: ClockSetting) {
        state.withLock {
            $0.server = setting
            $0.generation += 1
        }
    }

    /// Replaces every partner's own setting (keys in lower case).
    public func apply(partners: [String: ClockSetting]) {
        state.withLock {
            $0.partners = partners
            $0.generation += 1
        }
    }

    /// Where the changes applied on this node stand; pass it to ``refresh(server:partners:since:)``.
    public var generation: Int { state.withLock { $0.generation } }

    /// Applies settings read from the store, unless this node applied a change after `generation` was taken: a read
    /// that began before a move and ended after it would otherwise put the old time back until the next read.
    public func refresh(server: ClockSetting, partners: [String: ClockSetting], since generation: Int) {
        state.withLock { settings in
            guard settings.generation == generation else { return }
            settings.server = server
            settings.partners = partners
        }
    }
}

/// The server's time whatever partner the current work is for: what limits and lockouts count on, so cells shared
/// by every partner's calls (one address's) never see time run backwards when partners' clocks stand apart.
public struct ServerTimeClock: CommerceClock {
    let base: any CommerceClock

    public init(_ base: any CommerceClock) { self.base = base }

    public func now() -> Date { base.now(partner: nil) }
}

import CommerceCore
import Foundation

extension Store {
    static let clockSettingName = "clock"

    /// The server's clock setting shared by every node of this store; `.system` until one is saved.
    public func clockSetting() async throws -> ClockSetting {
        try await sharedSetting(Self.clockSettingName, default: .system)
    }

    /// Saves a new clock setting computed from the stored one (two advances from two nodes add up); a retried
    /// advance with the same `MS-RequestId` does not move the clock twice.
    public func changeClockSetting(
        answering: Answering<ClockSetting>, _ change: @escaping @Sendable (ClockSetting) throws(CommerceError) -> ClockSetting
    ) async throws -> StoredResponse {
        try await changeSharedSetting(Self.clockSettingName, default: .system, answering: answering, change)
    }
}

extension Store {
    /// Puts the clock at `setting` whatever it stood at, earlier included: only once a reset of everything has
    /// removed every stored instant that could lie in its future.
    public func replaceClockSetting(_ setting: ClockSetting) async throws {
        _ = try await changeSharedSetting(Self.clockSettingName, default: ClockSetting.system) { _ in setting }
    }
}

extension Store {
    static let partnerClocksSettingName = "partner-clocks"

    /// The partners with clocks of their own (keys in lower case), shared by every node like the server's.
    public func partnerClockSettings() async throws -> [String: ClockSetting] {
        try await sharedSetting(Self.partnerClocksSettingName, default: [:])
    }

    /// Saves new partner clock settings computed from the stored ones, kept with the answer for the request's
    /// `MS-RequestId` as ``changeClockSetting(answering:_:)`` does.
    public func changePartnerClockSettings(
        answering: Answering<[String: ClockSetting]>,
        _ change: @escaping @Sendable ([String: ClockSetting]) throws(CommerceError) -> [String: ClockSetting]
    ) async throws -> StoredResponse {
        try await changeSharedSetting(Self.partnerClocksSettingName, default: [:], answering: answering, change)
    }

    /// Puts every partner's own clock as `clocks` says, whatever they stood at: for a reset, which removed every
    /// stored instant that could lie in the new time's future.
    public func replacePartnerClocks(_ clocks: [String: ClockSetting]) async throws {
        _ = try await changeSharedSetting(Self.partnerClocksSettingName, default: [String: ClockSetting]()) { _ in clocks }
    }

    /// Puts `partnerID`'s own clock at `setting`, or back on the server's with `nil` (``replacePartnerClocks(_:)``).
    public func replacePartnerClock(_ partnerID: String, with setting: ClockSetting?) async throws {
        let key = partnerID.lowercased()
        _ = try await changeSharedSetting(Self.partnerClocksSettingName, default: [String: ClockSetting]()) { clocks in
            var clocks = clocks
            clocks[key] = setting
            return clocks
        }
    }
}

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

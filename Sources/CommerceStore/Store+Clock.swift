import CommerceCore
import Foundation
import SQLKit

extension Store {
    static let clockSettingName = "clock"

    /// The server's clock setting shared by every node of this store; `.system` until one is saved.
    public func clockSetting() async throws -> ClockSetting {
        let text = try await engine.withDatabase { db in try await Self.setting(Self.clockSettingName, in: db) }
        guard let text else { return .system }
        return try StoreJSON.decode(ClockSetting.self, from: text)
    }

    /// Saves a new clock setting computed from the stored one, under a lock, so two nodes moving the clock at once
    /// both take effect (two advances add up); the answer is kept with it for the request's `MS-RequestId`, so a
    /// retried advance does not move the clock twice.
    public func changeClockSetting(
        answering: Answering<ClockSetting>, _ change: @escaping @Sendable (ClockSetting) throws(CommerceError) -> ClockSetting
    ) async throws -> StoredResponse {
        try await write(answering: answering, at: clock.now()) { db in
            try await self.engine.exclusiveLock("setting:\(Self.clockSettingName)", in: db)
            let stored = try await Self.setting(Self.clockSettingName, in: db).map { try StoreJSON.decode(ClockSetting.self, from: $0) }
            let next = try change(stored ?? .system)
            try await Self.setSetting(Self.clockSettingName, to: try StoreJSON.encode(next), in: db)
            return next
        }
    }
}

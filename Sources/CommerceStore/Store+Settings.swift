import CommerceCore
import Foundation
import SQLKit

/// Store-wide settings (`store_settings`): named values such as the catalog version, choices made once for the
/// whole store, and one-time steps.
extension Store {
    /// A store-wide choice made once and kept: the first caller's `value` is stored, and every later call
    /// (from any node) gets that stored value back, whatever it proposes.
    public func settleOnce(_ name: String, proposing value: String) async throws -> String {
        try await engine.withTransaction { db in
            let key = "choice:\(name)"
            try await engine.exclusiveLock(key, in: db)
            if let settled = try await Self.setting(key, in: db) { return settled }
            try await Self.setSetting(key, to: value, in: db)
            return value
        }
    }

    /// Records that a one-time step (such as seeding the demo data) has run; returns false if it already had.
    public func claimOnce(_ step: String) async throws -> Bool {
        let now = clock.now()
        return try await engine.withTransaction { db in
            let name = "once:\(step)"
            try await engine.exclusiveLock(name, in: db)
            guard try await Self.setting(name, in: db) == nil else { return false }
            try await Self.setSetting(name, to: StoreTime.text(now), in: db)
            return true
        }
    }

    static func setting(_ name: String, in db: any StoreDatabase) async throws -> String? {
        try await db.select().column("value").from("store_settings").where("name", .equal, name).first()?.decode(column: "value", as: String.self)
    }

    static func setSetting(_ name: String, to value: String, in db: any StoreDatabase) async throws {
        try await db.delete(from: "store_settings").where("name", .equal, name).run()
        try await db.insert(into: "store_settings").columns("name", "value").values(SQLBind(name), SQLBind(value)).run()
    }
}

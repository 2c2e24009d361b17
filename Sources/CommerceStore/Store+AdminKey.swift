import Foundation
import SQLKit

extension Store {
    /// The hash of the `/_admin` key, if one was made.
    public func adminKeyHash() async throws -> String? {
        try await engine.withDatabase { db in try await Self.setting("admin-key-hash", in: db) }
    }

    /// Stores `make()`'s hash as the admin key's unless there is one; returns whether it was stored. One
    /// transaction, so of several nodes starting on a new store exactly one makes (and prints) the key.
    public func setAdminKeyHashIfMissing(_ make: @escaping @Sendable () throws -> String) async throws -> Bool {
        try await engine.withTransaction { db in
            try await engine.exclusiveLock("admin-key", in: db)
            guard try await Self.setting("admin-key-hash", in: db) == nil else { return false }
            try await Self.setSetting("admin-key-hash", to: try make(), in: db)
            return true
        }
    }

    /// Replaces the admin key's hash (the old key stops working at once).
    public func replaceAdminKeyHash(_ hash: String) async throws {
        try await engine.withTransaction { db in
            try await engine.exclusiveLock("admin-key", in: db)
            try await Self.setSetting("admin-key-hash", to: hash, in: db)
        }
    }
}

import CommerceCore
import Foundation
import SQLKit

/// Control-plane values every node of a store must agree on (the clock, fault rules, the id seed): one JSON value
/// each in `store_settings`, read by each node and changed under a lock (ARCHITECTURE decision 12).
extension Store {
    /// The shared value called `name`, or `fallback` until one is saved.
    public func sharedSetting<Value: Codable & Sendable>(_ name: String, default fallback: Value) async throws -> Value {
        let text = try await engine.withDatabase { db in try await Self.setting(name, in: db) }
        guard let text else { return fallback }
        return try StoreJSON.decode(Value.self, from: text)
    }

    /// Saves a new value computed from the stored one, under a lock, so two nodes changing it at once both take effect;
    /// the answer is kept with it for the request's `MS-RequestId`, so a retried change is not applied twice.
    public func changeSharedSetting<Value: Codable & Sendable>(
        _ name: String, default fallback: Value, answering: Answering<Value>,
        _ change: @escaping @Sendable (Value) throws(CommerceError) -> Value
    ) async throws -> StoredResponse {
        try await write(answering: answering, at: clock.now()) { db in
            try await self.changeSetting(name, default: fallback, in: db, change)
        }
    }

    /// Changes a shared value without an answer to keep (a fault rule counting down its calls); returns the new value.
    public func changeSharedSetting<Value: Codable & Sendable>(
        _ name: String, default fallback: Value, _ change: @escaping @Sendable (Value) throws(CommerceError) -> Value
    ) async throws -> Value {
        try await engine.withTransaction { db in try await self.changeSetting(name, default: fallback, in: db, change) }
    }

    func changeSetting<Value: Codable & Sendable>(
        _ name: String, default fallback: Value, in db: any StoreDatabase, _ change: @Sendable (Value) throws(CommerceError) -> Value
    ) async throws -> Value {
        try await engine.exclusiveLock("setting:\(name)", in: db)
        let stored = try await Self.setting(name, in: db).map { try StoreJSON.decode(Value.self, from: $0) }
        let next = try change(stored ?? fallback)
        try await Self.setSetting(name, to: try StoreJSON.encode(next), in: db)
        return next
    }
}

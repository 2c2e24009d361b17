import Foundation
import Logging
import SQLKit

extension Store {
    /// Every signing key, oldest first.
    public func signingKeys() async throws -> [SigningKeyRecord] {
        try await engine.withDatabase { db in
            try await db.select().columns("kid", "algorithm", "private_pem", "created_at").from("signing_keys")
                .orderBy("created_at").orderBy("kid").all()
                .map { row in
                    SigningKeyRecord(
                        kid: try row.decode(column: "kid", as: String.self),
                        algorithm: try row.decode(column: "algorithm", as: String.self),
                        privatePEM: try row.decode(column: "private_pem", as: String.self),
                        createdAt: StoreTime.date(try row.decode(column: "created_at", as: String.self)) ?? .distantPast
                    )
                }
        }
    }

    /// Returns the existing signing keys, or stores `make()`'s key when there is none yet.
    ///
    /// Done in one transaction so two processes starting on a new store agree on one key.
    public func signingKeys(creatingIfEmpty make: @Sendable () throws -> SigningKeyRecord) async throws -> [SigningKeyRecord] {
        let created: Bool = try await engine.withTransaction { db in
            try await engine.exclusiveLock("signing-keys", in: db)
            let any = try await db.select().column("kid").from("signing_keys").limit(1).first()
            guard any == nil else { return false }
            let key = try make()
            try await db.insert(into: "signing_keys").columns("kid", "algorithm", "private_pem", "created_at")
                .values(SQLBind(key.kid), SQLBind(key.algorithm), SQLBind(key.privatePEM), SQLBind(StoreTime.text(key.createdAt))).run()
            return true
        }
        if created { logger.info("created the first token signing key") }
        return try await signingKeys()
    }
}

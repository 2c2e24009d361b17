import Foundation
import Logging
import SQLKit

extension Store {
    /// Every signing key, oldest first.
    public func signingKeys() async throws -> [SigningKeyRecord] {
        try await engine.withDatabase { db in
            try await db.select().columns("kid", "algorithm", "private_pem", "created_at", "retired_at").from("signing_keys")
                .orderBy("created_at").orderBy("kid").all()
                .map { row in
                    SigningKeyRecord(
                        kid: try row.decode(column: "kid", as: String.self),
                        algorithm: try row.decode(column: "algorithm", as: String.self),
                        privatePEM: try row.decode(column: "private_pem", as: String.self),
                        createdAt: StoreTime.date(try row.decode(column: "created_at", as: String.self)) ?? .distantPast,
                        retiredAt: try row.decode(column: "retired_at", as: String?.self).flatMap(StoreTime.date)
                    )
                }
        }
    }

    /// Returns the existing signing keys, or stores `make()`'s key when there is none yet.
    ///
    /// Done in one transaction so two processes starting on a new store agree on one key.
    public func signingKeys(creatingIfEmpty make: @escaping @Sendable () throws -> SigningKeyRecord) async throws -> [SigningKeyRecord] {
        let created: Bool = try await engine.withTransaction { db in
            try await engine.exclusiveLock("signing-keys", in: db)
            let any = try await db.select().column("kid").from("signing_keys").limit(1).first()
            guard any == nil else { return false }
            try await Self.insert(try make(), in: db)
            return true
        }
        if created { logger.info("created the first token signing key") }
        return try await signingKeys()
    }

    /// Retires every current key and adds `key` as the one that signs from now on.
    public func rotateSigningKey(to key: SigningKeyRecord) async throws {
        try await engine.withTransaction { db in try await rotate(to: key, in: db) }
        logger.info("rotated the token signing key", metadata: ["kid": "\(key.kid)"])
    }

    /// The same, together with the request's answer (see `Answering`).
    public func rotateSigningKey(to key: SigningKeyRecord, answering: Answering<SigningKeyRecord>) async throws -> StoredResponse {
        let answer = try await write(answering: answering, at: key.createdAt) { db in
            try await rotate(to: key, in: db)
            return key
        }
        logger.info("rotated the token signing key", metadata: ["kid": "\(key.kid)"])
        return answer
    }

    private func rotate(to key: SigningKeyRecord, in db: any StoreDatabase) async throws {
        try await engine.exclusiveLock("signing-keys", in: db)
        try await db.update("signing_keys").set("retired_at", to: SQLBind(StoreTime.text(key.createdAt)))
            .where("retired_at", .is, SQLLiteral.null).run()
        try await Self.insert(key, in: db)
    }

    /// Deletes keys retired before `cutoff`: no token they signed can still be valid.
    @discardableResult
    public func purgeSigningKeys(retiredBefore cutoff: Date) async throws -> Int {
        try await engine.withTransaction { db in
            try await engine.exclusiveLock("signing-keys", in: db)
            let old = try await db.select().column("kid").from("signing_keys")
                .where("retired_at", .isNot, SQLLiteral.null).where("retired_at", .lessThan, StoreTime.text(cutoff)).all()
            for row in old {
                try await db.delete(from: "signing_keys").where("kid", .equal, try row.decode(column: "kid", as: String.self)).run()
            }
            return old.count
        }
    }

    private static func insert(_ key: SigningKeyRecord, in db: any StoreDatabase) async throws {
        try await db.insert(into: "signing_keys").columns("kid", "algorithm", "private_pem", "created_at")
            .values(SQLBind(key.kid), SQLBind(key.algorithm), SQLBind(key.privatePEM), SQLBind(StoreTime.text(key.createdAt))).run()
    }
}

import CommerceCore
import Foundation
import SQLKit

extension Store {
    /// Adds a user to its partner. Fails with `StoreError.notFound` when the partner does not exist and `StoreError.taken`
    /// when the sign-in name is taken.
    public func addUser(_ user: PartnerUserRecord) async throws {
        try await engine.withTransaction { db in try await insert(user, in: db) }
    }

    /// The same, together with the request's answer (see `Answering`).
    public func addUser(_ user: PartnerUserRecord, answering: Answering<PartnerUserRecord>) async throws -> StoredResponse {
        try await write(answering: answering, at: user.createdAt) { db in
            try await insert(user, in: db)
            return user
        }
    }

    private func insert(_ user: PartnerUserRecord, in db: any StoreDatabase) async throws {
        try await engine.exclusiveLock("upn:\(user.userPrincipalName)", in: db)
        guard try await db.select().column("tenant_id").from("partners").where("tenant_id", .equal, user.partnerID).first() != nil else {
            throw StoreError.notFound(.partner, id: user.partnerID)
        }
        guard try await db.select().column("object_id").from("partner_users").where("upn", .equal, user.userPrincipalName).first() == nil
        else {
            throw StoreError.taken(.userPrincipalName, value: user.userPrincipalName)
        }
        try await db.insert(into: "partner_users")
            .columns("object_id", "partner_id", "upn", "display_name", "password_hash", "roles", "created_at")
            .values(
                SQLBind(user.objectID), SQLBind(user.partnerID), SQLBind(user.userPrincipalName), SQLBind(user.displayName),
                SQLBind(user.passwordHash), SQLBind(user.roles.joined(separator: ",")), SQLBind(StoreTime.text(user.createdAt))
            ).run()
    }

    /// The user with this sign-in name (any case), if any.
    public func user(userPrincipalName: String) async throws -> PartnerUserRecord? {
        try await engine.withDatabase { db in
            try await db.select().columns(Self.userColumns).from("partner_users").where("upn", .equal, userPrincipalName.lowercased()).first()
                .map(Self.user(from:))
        }
    }

    /// The user with this object id, if any.
    public func user(objectID: String) async throws -> PartnerUserRecord? {
        try await engine.withDatabase { db in
            try await db.select().columns(Self.userColumns).from("partner_users").where("object_id", .equal, objectID.lowercased()).first()
                .map(Self.user(from:))
        }
    }

    /// A partner's users, oldest first.
    public func users(partnerID: String) async throws -> [PartnerUserRecord] {
        try await engine.withDatabase { db in
            try await db.select().columns(Self.userColumns).from("partner_users").where("partner_id", .equal, partnerID.lowercased())
                .orderBy("created_at").orderBy("upn").all().map(Self.user(from:))
        }
    }

    /// Disables or re-enables a partner's user; a disabled user's refresh tokens are dropped. Returns the user, or nil.
    public func setUserDisabled(objectID: String, partnerID: String, _ disabled: Bool, at now: Date) async throws -> PartnerUserRecord? {
        defer { identityChanges.bump() }
        return try await engine.withTransaction { db in
            try await Self.setUserDisabled(objectID: objectID, partnerID: partnerID, disabled, at: now, in: db)
        }
    }

    /// The same, together with the request's answer (see `Answering`).
    public func setUserDisabled(
        objectID: String, partnerID: String, _ disabled: Bool, at now: Date, answering: Answering<PartnerUserRecord?>
    ) async throws -> StoredResponse {
        defer { identityChanges.bump() }
        return try await write(answering: answering, at: now) { db in
            try await Self.setUserDisabled(objectID: objectID, partnerID: partnerID, disabled, at: now, in: db)
        }
    }

    private static func setUserDisabled(
        objectID: String, partnerID: String, _ disabled: Bool, at now: Date, in db: any StoreDatabase
    ) async throws -> PartnerUserRecord? {
        let id = objectID.lowercased()
        try await db.update("partner_users").set("disabled_at", to: SQLBind(disabled ? StoreTime.text(now) : nil))
            .where("object_id", .equal, id).where("partner_id", .equal, partnerID.lowercased()).run()
        if disabled { try await db.delete(from: "refresh_tokens").where("user_id", .equal, id).run() }
        return try await db.select().columns(userColumns).from("partner_users").where("object_id", .equal, id)
            .where("partner_id", .equal, partnerID.lowercased()).first().map(user(from:))
    }

    static let userColumns = ["object_id", "partner_id", "upn", "display_name", "password_hash", "roles", "created_at", "disabled_at"]

    static func user(from row: any SQLRow) throws -> PartnerUserRecord {
        PartnerUserRecord(
            objectID: try row.decode(column: "object_id", as: String.self),
            partnerID: try row.decode(column: "partner_id", as: String.self),
            userPrincipalName: try row.decode(column: "upn", as: String.self),
            displayName: try row.decode(column: "display_name", as: String.self),
            passwordHash: try row.decode(column: "password_hash", as: String.self),
            roles: try row.decode(column: "roles", as: String.self).split(separator: ",").map(String.init),
            createdAt: StoreTime.date(try row.decode(column: "created_at", as: String.self)) ?? .distantPast,
            disabledAt: try row.decode(column: "disabled_at", as: String?.self).flatMap(StoreTime.date)
        )
    }
}

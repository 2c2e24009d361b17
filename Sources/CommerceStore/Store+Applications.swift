import CommerceCore
import Foundation
import SQLKit

extension Store {
    /// Registers an app for its partner; fails with `StoreError.notFound` when the partner does not exist.
    public func addApplication(_ app: ApplicationRecord) async throws {
        try await engine.withTransaction { db in try await Self.insert(app, in: db) }
    }

    /// The same, together with the request's answer (see `Answering`).
    public func addApplication(_ app: ApplicationRecord, answering: Answering<ApplicationRecord>) async throws -> StoredResponse {
        try await write(answering: answering, at: app.createdAt) { db in
            try await Self.insert(app, in: db)
            return app
        }
    }

    private static func insert(_ app: ApplicationRecord, in db: any StoreDatabase) async throws {
        guard try await db.select().column("tenant_id").from("partners").where("tenant_id", .equal, app.partnerID).first() != nil else {
            throw StoreError.notFound(.partner, id: app.partnerID)
        }
        try await db.insert(into: "applications")
            .columns("client_id", "partner_id", "object_id", "display_name", "secret_hash", "created_at")
            .values(
                SQLBind(app.clientID), SQLBind(app.partnerID), SQLBind(app.objectID), SQLBind(app.displayName), SQLBind(app.secretHash),
                SQLBind(StoreTime.text(app.createdAt))
            ).run()
    }

    /// The app with this client id, deleted or not.
    public func application(clientID: String) async throws -> ApplicationRecord? {
        try await engine.withDatabase { db in
            try await db.select().columns(Self.applicationColumns).from("applications").where("client_id", .equal, clientID.lowercased()).first()
                .map(Self.application(from:))
        }
    }

    /// A partner's apps, oldest first, deleted ones included.
    public func applications(partnerID: String) async throws -> [ApplicationRecord] {
        try await engine.withDatabase { db in
            try await db.select().columns(Self.applicationColumns).from("applications").where("partner_id", .equal, partnerID.lowercased())
                .orderBy("created_at").orderBy("client_id").all().map(Self.application(from:))
        }
    }

    /// Marks a partner's app deleted, so its secret and tokens stop working; returns false when there is no such app.
    public func deleteApplication(clientID: String, partnerID: String, at now: Date) async throws -> Bool {
        defer { identityChanges.bump() }
        return try await engine.withTransaction { db in try await Self.deleteApplication(clientID: clientID, partnerID: partnerID, at: now, in: db) }
    }

    /// The same, together with the request's answer (see `Answering`).
    public func deleteApplication(clientID: String, partnerID: String, at now: Date, answering: Answering<Bool>) async throws -> StoredResponse {
        defer { identityChanges.bump() }
        return try await write(answering: answering, at: now) { db in
            try await Self.deleteApplication(clientID: clientID, partnerID: partnerID, at: now, in: db)
        }
    }

    private static func deleteApplication(clientID: String, partnerID: String, at now: Date, in db: any StoreDatabase) async throws -> Bool {
        let found = try await db.select().column("client_id").from("applications")
            .where("client_id", .equal, clientID.lowercased()).where("partner_id", .equal, partnerID.lowercased()).first()
        guard found != nil else { return false }
        try await db.update("applications").set("deleted_at", to: SQLBind(StoreTime.text(now)))
            .where("client_id", .equal, clientID.lowercased()).where("deleted_at", .is, SQLLiteral.null).run()
        try await db.delete(from: "refresh_tokens").where("client_id", .equal, clientID.lowercased()).run()
        return true
    }

    static let applicationColumns = ["client_id", "partner_id", "object_id", "display_name", "secret_hash", "created_at", "deleted_at"]

    static func application(from row: any SQLRow) throws -> ApplicationRecord {
        ApplicationRecord(
            clientID: try row.decode(column: "client_id", as: String.self),
            partnerID: try row.decode(column: "partner_id", as: String.self),
            objectID: try row.decode(column: "object_id", as: String.self),
            displayName: try row.decode(column: "display_name", as: String.self),
            secretHash: try row.decode(column: "secret_hash", as: String.self),
            createdAt: StoreTime.date(try row.decode(column: "created_at", as: String.self)) ?? .distantPast,
            deletedAt: try row.decode(column: "deleted_at", as: String?.self).flatMap(StoreTime.date)
        )
    }
}

import Foundation
import SQLKit

extension Store {
    /// Adds a partner unless one with the same tenant id exists; returns whether it was added.
    @discardableResult
    public func addPartnerIfMissing(_ partner: PartnerRecord, at now: Date) async throws -> Bool {
        try await engine.withTransaction { db in
            try await engine.exclusiveLock("partner:\(partner.tenantID)", in: db)
            let existing = try await db.select().column("tenant_id").from("partners").where("tenant_id", .equal, partner.tenantID).first()
            guard existing == nil else { return false }
            try await db.insert(into: "partners").columns("tenant_id", "name", "mpn_id", "created_at")
                .values(SQLBind(partner.tenantID), SQLBind(partner.name), SQLBind(partner.mpnID), SQLBind(StoreTime.text(now))).run()
            return true
        }
    }

    /// The partner with this tenant id, if any.
    public func partner(tenantID: String) async throws -> PartnerRecord? {
        try await engine.withDatabase { db in
            try await db.select().columns(Self.partnerColumns).from("partners")
                .where("tenant_id", .equal, tenantID.lowercased()).first()
                .map(Self.partner(from:))
        }
    }

    /// The partner with this MPN id, if any.
    public func partner(mpnID: String) async throws -> PartnerRecord? {
        try await engine.withDatabase { db in
            try await db.select().columns(Self.partnerColumns).from("partners").where("mpn_id", .equal, mpnID).first()
                .map(Self.partner(from:))
        }
    }

    /// Every partner, oldest first.
    public func partners() async throws -> [PartnerRecord] {
        try await engine.withDatabase { db in
            try await db.select().columns(Self.partnerColumns).from("partners").orderBy("created_at").orderBy("tenant_id").all()
                .map(Self.partner(from:))
        }
    }

    /// Disables or re-enables a partner; returns the partner as it is now, or nil when there is none.
    public func setPartnerDisabled(tenantID: String, _ disabled: Bool, at now: Date) async throws -> PartnerRecord? {
        try await engine.withTransaction { db in
            try await db.update("partners").set("disabled_at", to: SQLBind(disabled ? StoreTime.text(now) : nil))
                .where("tenant_id", .equal, tenantID.lowercased()).run()
        }
        return try await partner(tenantID: tenantID)
    }

    static let partnerColumns = ["tenant_id", "name", "mpn_id", "disabled_at"]

    static func partner(from row: any SQLRow) throws -> PartnerRecord {
        PartnerRecord(
            tenantID: try row.decode(column: "tenant_id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            mpnID: try row.decode(column: "mpn_id", as: String?.self),
            disabledAt: try row.decode(column: "disabled_at", as: String?.self).flatMap(StoreTime.date)
        )
    }
}

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
            guard let row = try await db.select().columns("tenant_id", "name", "mpn_id").from("partners")
                .where("tenant_id", .equal, tenantID.lowercased()).first()
            else { return nil }
            return PartnerRecord(
                tenantID: try row.decode(column: "tenant_id", as: String.self),
                name: try row.decode(column: "name", as: String.self),
                mpnID: try row.decode(column: "mpn_id", as: String?.self)
            )
        }
    }
}

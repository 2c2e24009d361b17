import Foundation
import SQLKit

extension Store {
    /// Adds a partner unless one with the same tenant id exists; returns whether it was added.
    @discardableResult
    public func addPartnerIfMissing(_ partner: PartnerRecord, at now: Date) async throws -> Bool {
        try await engine.withTransaction { db in try await insertIfMissing(partner, at: now, in: db) }
    }

    /// Adds a partner together with the request's answer (see `Answering`); `StoreError.taken` when the tenant id is.
    public func addPartner(_ partner: PartnerRecord, at now: Date, answering: Answering<PartnerRecord>) async throws -> StoredResponse {
        try await write(answering: answering, at: now) { db in
            guard try await insertIfMissing(partner, at: now, in: db) else { throw StoreError.taken(.partnerTenantID, value: partner.tenantID) }
            return partner
        }
    }

    private func insertIfMissing(_ partner: PartnerRecord, at now: Date, in db: any StoreDatabase) async throws -> Bool {
        try await engine.exclusiveLock("partner:\(partner.tenantID)", in: db)
        let existing = try await db.select().column("tenant_id").from("partners").where("tenant_id", .equal, partner.tenantID).first()
        guard existing == nil else { return false }
        try await db.insert(into: "partners").columns("tenant_id", "name", "mpn_id", "created_at")
            .values(SQLBind(partner.tenantID), SQLBind(partner.name), SQLBind(partner.mpnID), SQLBind(StoreTime.text(now))).run()
        return true
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
        defer { identityChanges.bump() }
        return try await engine.withTransaction { db in try await Self.setPartnerDisabled(tenantID: tenantID, disabled, at: now, in: db) }
    }

    /// Disables or re-enables a partner and turns its purchase gate on or off (either may be left as it is),
    /// together with the request's answer (see `Answering`).
    public func changePartner(
        tenantID: String, disabled: Bool?, agreementGate: Bool?, at now: Date, answering: Answering<PartnerRecord?>
    ) async throws -> StoredResponse {
        defer { identityChanges.bump() }
        return try await write(answering: answering, at: now) { db in
            if let gate = agreementGate {
                try await db.update("partners").set("agreement_gate_off_at", to: SQLBind(gate ? nil : StoreTime.text(now)))
                    .where("tenant_id", .equal, tenantID.lowercased()).run()
            }
            guard let disabled else {
                return try await db.select().columns(Self.partnerColumns).from("partners").where("tenant_id", .equal, tenantID.lowercased()).first()
                    .map(Self.partner(from:))
            }
            return try await Self.setPartnerDisabled(tenantID: tenantID, disabled, at: now, in: db)
        }
    }

    private static func setPartnerDisabled(tenantID: String, _ disabled: Bool, at now: Date, in db: any StoreDatabase) async throws -> PartnerRecord?
    {
        try await db.update("partners").set("disabled_at", to: SQLBind(disabled ? StoreTime.text(now) : nil))
            .where("tenant_id", .equal, tenantID.lowercased()).run()
        return try await db.select().columns(partnerColumns).from("partners").where("tenant_id", .equal, tenantID.lowercased()).first()
            .map(partner(from:))
    }

    static let partnerColumns = ["tenant_id", "name", "mpn_id", "disabled_at", "agreement_gate_off_at"]

    static func partner(from row: any SQLRow) throws -> PartnerRecord {
        PartnerRecord(
            tenantID: try row.decode(column: "tenant_id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            mpnID: try row.decode(column: "mpn_id", as: String?.self),
            disabledAt: try row.decode(column: "disabled_at", as: String?.self).flatMap(StoreTime.date),
            agreementGate: try row.decodeNil(column: "agreement_gate_off_at")
        )
    }
}

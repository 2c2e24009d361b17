import CommerceCore
import Foundation
import PartnerCenterModels
import SQLKit

/// Customer agreements (billing spec §1): each confirmation a row of its own, and on the customer the moment it
/// first accepted the Microsoft Customer Agreement, which the purchase gate reads with the customer's country.
extension Store {
    /// Stores a confirmation the rules made (``AgreementConfirmation``) with the request's answer. `StoreError.taken`
    /// when the same confirmation exists; `StoreError.notFound(.customer…)` never: the caller resolved the customer.
    public func addAgreement(
        _ agreement: Agreement, customerID: String, partnerID: String, at now: Date, answering: Answering<Agreement>
    ) async throws -> StoredResponse {
        try await write(answering: answering, at: now) { db in
            try await self.insert(agreement, customerID: customerID.lowercased(), partnerID: partnerID, at: now, in: db)
            return agreement
        }
    }

    /// Stores a confirmation unless the same one exists (the demo data, a sandbox partner's customer).
    public func addAgreementIfMissing(_ agreement: Agreement, customerID: String, partnerID: String, at now: Date) async throws {
        try await engine.withTransaction { db in
            do {
                try await self.insert(agreement, customerID: customerID.lowercased(), partnerID: partnerID, at: now, in: db)
            } catch StoreError.taken(.agreementConfirmation, _) {}
        }
    }

    private func insert(_ agreement: Agreement, customerID: String, partnerID: String, at now: Date, in db: any StoreDatabase) async throws {
        let key = AgreementConfirmation.key(agreement)
        // Two confirmations racing: the lock makes the second see the first, so it is refused, not a constraint failure.
        try await engine.exclusiveLock("agreement:\(customerID)", in: db)
        let existing = try await db.select().column("id").from("customer_agreements")
            .where("customer_id", .equal, customerID).where("confirmation_key", .equal, key).first()
        guard existing == nil else { throw StoreError.taken(.agreementConfirmation, value: customerID) }
        let type = agreement.type ?? ""
        try await db.insert(into: "customer_agreements")
            .columns("id", "partner_id", "customer_id", "template_id", "agreement_type", "confirmation_key", "created_at", "body")
            .values(
                SQLBind(UUID().uuidString.lowercased()), SQLBind(partnerID), SQLBind(customerID), SQLBind(agreement.templateId ?? ""), SQLBind(type),
                SQLBind(key), SQLBind(StoreTime.text(now)), SQLBind(try StoreJSON.encode(agreement))
            ).run()
        if type == AgreementTemplates.customerAgreementType {
            try await db.update("customers").set("agreed_at", to: SQLBind(StoreTime.text(now)))
                .where("id", .equal, customerID).where("partner_id", .equal, partnerID).where("agreed_at", .is, SQLLiteral.null).run()
        }
    }

    /// The customer's confirmations of `type` (every type when `nil`), oldest first.
    public func agreements(customerID: String, partnerID: String, type: String?) async throws -> [Agreement] {
        try await engine.withDatabase { db in
            var query = db.select().column("body").from("customer_agreements")
                .where("partner_id", .equal, partnerID).where("customer_id", .equal, customerID.lowercased())
            if let type { query = query.where("agreement_type", .equal, type) }
            return try await query.orderBy("created_at").orderBy("id").all()
                .map { try StoreJSON.decode(Agreement.self, from: $0.decode(column: "body", as: String.self)) }
        }
    }

    /// Whether the partner has the purchase gate on (the default), or nil when there is no such partner.
    public func agreementGate(partnerID: String) async throws -> Bool? {
        try await engine.withDatabase { db in
            try await db.select().column("agreement_gate_off_at").from("partners").where("tenant_id", .equal, partnerID.lowercased()).first()
                .map { try $0.decodeNil(column: "agreement_gate_off_at") }
        }
    }
}

import CommerceCore
import Foundation
import SQLKit

/// What a reset empties (`POST /_admin/reset`).
public enum ResetScope: Sendable, Equatable {
    /// Every partner's commerce data, every kept answer and limit counter, and the fault rules.
    case everything
    /// One partner's customers and all that hangs from them, and the answers kept for its request ids.
    case partner(String)
    /// One customer's carts, orders, subscriptions and fulfilment jobs; the customer itself stays.
    case customer(id: String, partnerID: String)

    /// The partner a reset is within, if it is not of everything.
    public var partnerID: String? {
        switch self {
        case .everything: nil
        case .partner(let partner), .customer(_, let partner): partner
        }
    }
}

extension Store {
    /// The tables of commerce data, children before parents (the order rows can be deleted in).
    static let commerceTables = [
        "invoices", "charge_lines", "fulfilment_jobs", "subscription_events", "subscriptions", "order_counts", "orders", "checkouts", "carts",
        "customer_agreements",
        "customers",
    ]

    /// Empties `scope` in one transaction. Partners, their apps and users, signing keys, the catalog and the admin key
    /// stay: a test suite's credentials keep working across resets. The answer is kept with the reset, for its
    /// `MS-RequestId`.
    public func reset(_ scope: ResetScope, answering: Answering<ResetScope>) async throws -> StoredResponse {
        try await write(answering: answering, at: clock.now()) { db in
            try await self.empty(scope, in: db)
            return scope
        }
    }

    func empty(_ scope: ResetScope, in db: any StoreDatabase) async throws {
        switch scope {
        case .everything:
            for table in Self.commerceTables + ["idempotency_records", "throttle_cells", "sign_in_failures", "webhook_events"] {
                try await db.delete(from: table).run()
            }
        case .partner(let partnerID):
            for table in Self.commerceTables + ["idempotency_records", "webhook_events"] {
                try await db.delete(from: table).where("partner_id", .equal, partnerID).run()
            }
        case .customer(let id, let partnerID):
            let carts = SQLSubquery.select { $0.column("id").from("carts").where("customer_id", .equal, id).where("partner_id", .equal, partnerID) }
            try await db.delete(from: "checkouts").where(SQLColumn("cart_id"), .in, carts).run()
            for table in ["charge_lines", "fulfilment_jobs", "subscription_events", "subscriptions", "order_counts", "orders", "carts"] {
                try await db.delete(from: table).where("partner_id", .equal, partnerID).where("customer_id", .equal, id).run()
            }
        }
    }
}

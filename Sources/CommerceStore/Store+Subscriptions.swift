import CommerceCore
import Foundation
import PartnerCenterModels
import SQLKit

extension Store {
    /// A page of a customer's subscriptions, oldest first, optionally only those an order created.
    public func subscriptions(
        partnerID: String, customerID: String, orderID: String? = nil, after cursor: PageCursor? = nil, limit: Int = Store.maximumPageSize
    ) async throws -> Page<Subscription> {
        try await engine.withDatabase { db in
            func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
                let query = query.from("subscriptions").where("partner_id", .equal, partnerID).where("customer_id", .equal, customerID.lowercased())
                return orderID.map { query.where("order_id", .equal, $0) } ?? query
            }
            return try await Self.page(
                filtered(db.select().column("body")), count: filtered(db.select()), after: cursor, limit: limit, positioned: false
            ) {
                try StoreJSON.decode(Subscription.self, from: $0.decode(column: "body", as: String.self))
            }
        }
    }

    /// The add-ons of one of the customer's subscriptions, oldest first.
    public func addOns(of parentID: String, partnerID: String, customerID: String) async throws -> [Subscription] {
        try await engine.withDatabase { db in
            try await db.select().column("body").from("subscriptions")
                .where("partner_id", .equal, partnerID).where("customer_id", .equal, customerID.lowercased())
                .where("parent_id", .equal, parentID.lowercased()).orderBy("created_at").orderBy("id").limit(Store.maximumPageSize).all()
                .map { try StoreJSON.decode(Subscription.self, from: $0.decode(column: "body", as: String.self)) }
        }
    }

    /// The customer's subscriptions among `ids` (lower-case); unknown ids are simply absent.
    public func subscriptions(ids: Set<String>, partnerID: String, customerID: String) async throws -> [Subscription] {
        guard !ids.isEmpty else { return [] }
        return try await engine.withDatabase { db in
            try await db.select().column("body").from("subscriptions")
                .where("partner_id", .equal, partnerID).where("customer_id", .equal, customerID.lowercased())
                .where("id", .in, Array(ids)).all()
                .map { try StoreJSON.decode(Subscription.self, from: $0.decode(column: "body", as: String.self)) }
        }
    }

    /// One subscription of a customer.
    public func subscription(id: String, partnerID: String, customerID: String) async throws -> Subscription? {
        try await engine.withDatabase { db in
            guard
                let row = try await db.select().column("body").from("subscriptions")
                    .where("id", .equal, id.lowercased()).where("partner_id", .equal, partnerID).where("customer_id", .equal, customerID.lowercased())
                    .first()
            else { return nil }
            return try StoreJSON.decode(Subscription.self, from: row.decode(column: "body", as: String.self))
        }
    }

    /// Stores a subscription that no order created (the demo customer's existing Azure subscription).
    public func addSubscription(_ subscription: Subscription, partnerID: String, customerID: String) async throws {
        let now = clock.now()
        try await engine.withTransaction { db in
            try await Self.insert(subscription, partnerID: partnerID, customerID: customerID, at: now, ids: self.ids, in: db)
        }
    }
}

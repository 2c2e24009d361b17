import CommerceCore
import Foundation
import NIOCore
import PartnerCenterModels
import SQLKit

extension Store {
    /// Changes one subscription in one transaction with its `MS-RequestId` record: the row is locked, term ends
    /// reached since its last write are worked out and recorded first, then `change` gets the current subscription
    /// and returns it changed (or throws, and nothing is written). With `pricing` (and the customer's `country`), the
    /// cycles and renewals reached on the way and the change's own charges (a seat pair, a cancellation's credit) are
    /// written in the same transaction.
    public func updateSubscription(
        id: String, partnerID: String, customerID: String, at now: Date, pricing: ChargePricing? = nil, country: String? = nil,
        answering: Answering<Subscription>, _ change: @escaping @Sendable (Subscription) throws -> Subscription
    ) async throws -> StoredResponse {
        let id = id.lowercased()
        return try await write(answering: answering, at: now) { db in
            guard
                let row = try await db.select().columns("body", "charged_through").from("subscriptions")
                    .where("id", .equal, id).where("partner_id", .equal, partnerID).where("customer_id", .equal, customerID.lowercased())
                    .for(.update).first()
            else { throw StoreError.notFound(.subscription, id: id) }
            let stored = try StoreJSON.decode(Subscription.self, from: row.decode(column: "body", as: String.self))
            let through = try row.decode(column: "charged_through", as: String?.self).flatMap(StoreTime.date)
            let charging = pricing.flatMap { pricing in country.flatMap { country in through.map { (pricing, country, $0) } } }
            var current: Subscription
            var events: [SubscriptionTerms.Event]
            var chargedThrough = through
            if let (pricing, country, through) = charging {
                let outcome = ChargedTerms.advance(stored, to: now, chargedThrough: through) { pricing.price(of: $0, country: country)?.price }
                (current, events, chargedThrough) = (outcome.subscription, outcome.events, outcome.chargedThrough)
                if let priced = pricing.price(of: stored, country: country) {
                    try await Self.insertCharges(
                        outcome.lines, of: current, partnerID: partnerID, customerID: customerID.lowercased(), priced: priced, in: db)
                }
            } else {
                (current, events) = SubscriptionTerms.advance(stored, to: now)
            }
            try await Self.record(events, of: current, partnerID: partnerID, customerID: customerID.lowercased(), at: now, ids: self.ids, in: db)
            let changed = try change(current)
            if let (pricing, country, _) = charging, let priced = pricing.price(of: current, country: country) {
                let price = priced.price
                let lines =
                    changed.status == .deleted && current.status != .deleted
                    ? Charges.cancellation(of: current, price: price, at: now)
                    : Charges.quantityChange(from: current, to: changed, price: price, at: now)
                try await Self.insertCharges(
                    lines, of: changed, partnerID: partnerID, customerID: customerID.lowercased(), priced: priced, in: db)
            }
            if changed != stored { try await Self.rewrite(changed, in: db) }
            if charging != nil, changed != stored || chargedThrough != through { try await Self.setCharged(changed, through: chargedThrough, in: db) }
            if changed != current {
                try await Self.raise(WebhookEventName.subscriptionUpdated, partnerID: partnerID, at: now, in: db) {
                    .subscription(WebhookEventName.subscriptionUpdated, customerID: customerID, subscriptionID: changed.id, ids: self.ids)
                }
            }
            return changed
        }
    }

    /// Works out every subscription of `partners` whose term has ended by `now` (renewal or expiry), or, with `pricing`,
    /// whose next charge cycle has begun, at most `limit` of them, each in a transaction of its own; returns how many
    /// term ends were recorded. Safe with several nodes: the row is locked and its term end and charge state read again
    /// under the lock, so each term end is recorded, and each cycle charged, once.
    public func advanceSubscriptionTerms(at now: Date, partners: PartnerScope = .all, pricing: ChargePricing? = nil, limit: Int = 500)
        async throws -> Int
    {
        let time = StoreTime.text(now)
        let due = try await engine.withDatabase { db in
            try await db.select().column("id").from("subscriptions")
                .where(group: { $0.where("term_ends_at", .lessThanOrEqual, time).orWhere("next_charge_at", .lessThanOrEqual, time) })
                .partners(partners).orderBy("term_ends_at").limit(limit).all()
                .map { try $0.decode(column: "id", as: String.self) }
        }
        var recorded = 0
        for id in due {
            recorded += try await engine.withTransaction { db in
                guard
                    let row = try await db.select().columns("body", "partner_id", "customer_id", "charged_through").from("subscriptions")
                        .where("id", .equal, id)
                        .where(group: { $0.where("term_ends_at", .lessThanOrEqual, time).orWhere("next_charge_at", .lessThanOrEqual, time) })
                        .for(.update).first()
                else { return 0 }
                let stored = try StoreJSON.decode(Subscription.self, from: row.decode(column: "body", as: String.self))
                let (partnerID, customerID) = (
                    try row.decode(column: "partner_id", as: String.self), try row.decode(column: "customer_id", as: String.self)
                )
                let through = try row.decode(column: "charged_through", as: String?.self).flatMap(StoreTime.date)
                var current: Subscription
                var events: [SubscriptionTerms.Event]
                if let pricing, let through,
                    let country = try await db.select().column("country").from("customers").where("id", .equal, customerID).first()?
                        .decode(column: "country", as: String.self)
                {
                    let outcome = ChargedTerms.advance(stored, to: now, chargedThrough: through) { pricing.price(of: $0, country: country)?.price }
                    (current, events) = (outcome.subscription, outcome.events)
                    if let priced = pricing.price(of: stored, country: country) {
                        try await Self.insertCharges(
                            outcome.lines, of: current, partnerID: partnerID, customerID: customerID, priced: priced, in: db)
                    }
                    try await Self.setCharged(current, through: outcome.chargedThrough, in: db)
                } else {
                    (current, events) = SubscriptionTerms.advance(stored, to: now)
                    // Not charged here (no prices given, or bought before charges were kept): nothing to wait for.
                    try await db.update("subscriptions").set("next_charge_at", to: SQLLiteral.null).where("id", .equal, id).run()
                }
                try await Self.record(events, of: current, partnerID: partnerID, customerID: customerID, at: now, ids: self.ids, in: db)
                if current != stored { try await Self.rewrite(current, in: db) }
                return events.count
            }
        }
        return recorded
    }

    /// How many times each kind of term end was recorded for a subscription (renewed, expired).
    public func subscriptionEvents(id: String) async throws -> [(kind: String, at: Date)] {
        try await engine.withDatabase { db in
            try await db.select().columns("kind", "at").from("subscription_events").where("subscription_id", .equal, id.lowercased())
                .orderBy("at").all()
                .map {
                    (try $0.decode(column: "kind", as: String.self), StoreTime.date(try $0.decode(column: "at", as: String.self)) ?? .distantPast)
                }
        }
    }

    /// Writes the subscription's body, its next term end and its parent.
    static func rewrite(_ subscription: Subscription, in db: any StoreDatabase) async throws {
        try await db.update("subscriptions")
            .set("body", to: SQLBind(try StoreJSON.encode(subscription)))
            .set("term_ends_at", to: SQLBind(SubscriptionTerms.due(subscription).map(StoreTime.text)))
            .set("parent_id", to: SQLBind(subscription.parentSubscriptionId?.lowercased()))
            .where("id", .equal, subscription.id.lowercased()).run()
    }

    static func record(
        _ events: [SubscriptionTerms.Event], of subscription: Subscription, partnerID: String, customerID: String, at now: Date,
        ids: any IDGenerator, in db: any StoreDatabase
    ) async throws {
        // A few hundred rows a statement: a clock moved decades ahead can reach thousands of term ends at once, and
        // both engines cap the parameters of one statement.
        for start in stride(from: 0, to: events.count, by: 500) {
            var insert = db.insert(into: "subscription_events").columns("subscription_id", "kind", "at", "partner_id", "customer_id", "created_at")
            for event in events[start..<min(start + 500, events.count)] {
                let kind = if case .renewed = event { "renewed" } else { "expired" }
                insert = insert.values(
                    SQLBind(subscription.id.lowercased()), SQLBind(kind), SQLBind(StoreTime.text(event.at)), SQLBind(partnerID), SQLBind(customerID),
                    SQLBind(StoreTime.text(now))
                )
            }
            try await insert.run()
        }
        // Each term end once for the partner's webhook too: renewed, or the term ran out without a renewal.
        guard !events.isEmpty else { return }
        let registered = try await registeredEvents(partnerID: partnerID, in: db)
        for event in events {
            let name = if case .renewed = event { WebhookEventName.subscriptionRenewed } else { WebhookEventName.subscriptionRenewalExpiring }
            guard WebhookEvent.isListed(name, in: registered) else { continue }
            try await raise(
                .subscription(name, customerID: customerID, subscriptionID: subscription.id, ids: ids), partnerID: partnerID, at: event.at, in: db)
        }
    }
}

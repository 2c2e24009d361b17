import CommerceCore
import Foundation
import NIOCore
import PartnerCenterModels
import SQLKit

extension Store {
    /// Stores a new customer of `partnerID`. Fails with `StoreError.taken` when its domain is taken (domains are
    /// global, as in Entra ID), writing nothing.
    public func addCustomer(_ customer: Customer, market: Market, partnerID: String, at now: Date) async throws {
        let record = try CustomerRecord(customer, market: market)
        try await engine.withTransaction { db in try await insert(record, partnerID: partnerID, at: now, in: db) }
    }

    /// Stores a new customer together with the request's answer (see `Answering`); returns the answer.
    /// With `limit`, refuses (`StoreError.customerLimitReached`) once the partner has that many customers, counted under
    /// a lock so two creations racing at the limit cannot both pass.
    public func addCustomer(
        _ customer: Customer, market: Market, partnerID: String, at now: Date, limit: Int? = nil, answering: Answering<Customer>
    ) async throws -> StoredResponse {
        let record = try CustomerRecord(customer, market: market)
        return try await write(answering: answering, at: now) { db in
            if let limit {
                try await self.engine.exclusiveLock("customers-of:\(partnerID)", in: db)
                let count =
                    try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("customers")
                    .where("partner_id", .equal, partnerID).first()?.decode(column: "n", as: Int.self) ?? 0
                guard count < limit else { throw StoreError.customerLimitReached(limit) }
            }
            try await insert(record, partnerID: partnerID, at: now, in: db)
            try await Self.raise(WebhookEventName.customerCreated, partnerID: partnerID, at: now, in: db) {
                .customerCreated(customerID: record.id, ids: self.ids)
            }
            return customer
        }
    }

    private func insert(_ record: CustomerRecord, partnerID: String, at now: Date, in db: any StoreDatabase) async throws {
        try await engine.exclusiveLock("customer-domain:\(record.domain)", in: db)
        let taken = try await db.select().column("id").from("customers").where("domain", .equal, record.domain).first()
        guard taken == nil else { throw StoreError.taken(.customerDomain, value: record.domain) }
        try await db.insert(into: "customers").columns("id", "partner_id", "domain", "company_name", "country", "created_at", "body")
            .values(
                SQLBind(record.id), SQLBind(partnerID), SQLBind(record.domain), SQLBind(record.companyName), SQLBind(record.country),
                SQLBind(StoreTime.text(now)), SQLBind(record.body)
            ).run()
    }

    /// A customer of `partnerID`; `nil` when it does not exist or belongs to another partner.
    public func customer(id: String, partnerID: String) async throws -> Customer? {
        try await customerBody(id: id, partnerID: partnerID).map { try StoreJSON.decode(Customer.self, from: $0) }
    }

    /// The same customer as its stored wire JSON, what a response sends as it is.
    public func customerBody(id: String, partnerID: String) async throws -> String? {
        try await engine.withDatabase { db in try await db.first(CustomerBody.self, [.text(id.lowercased()), .text(partnerID)])?.text(0) }
    }

    /// The market country of a customer of `partnerID` (its billing address's, kept in a column of its own, so
    /// the body is not decoded on every nested request); `nil` when there is no such customer for this partner.
    /// Every request under `/customers/{id}` makes it.
    public func customerCountry(id: String, partnerID: String) async throws -> String? {
        try await customerStanding(id: id, partnerID: partnerID)?.country
    }

    /// The same country, and whether the customer accepted the Microsoft Customer Agreement (the purchase gate),
    /// from one row read.
    public func customerStanding(id: String, partnerID: String) async throws -> (country: String, agreed: Bool)? {
        try await engine.withDatabase { db in
            try await db.first(CustomerCountry.self, [.text(id.lowercased()), .text(partnerID)]).map { row in
                (try row.text(0), try row.optionalText(1) != nil)
            }
        }
    }

    private enum CustomerBody: HotStatement {
        static let sql = "SELECT body FROM customers WHERE id = $1 AND partner_id = $2"
    }

    private enum CustomerCountry: HotStatement {
        static let sql = "SELECT country, agreed_at FROM customers WHERE id = $1 AND partner_id = $2"
    }

    /// Whether a customer with this id exists for any partner, so another partner's customer can be told
    /// apart from no customer at all (403 / 20002 against 404) without revealing anything about it.
    public func customerExists(id: String) async throws -> Bool {
        try await engine.withDatabase { db in
            try await db.select().column("id").from("customers").where("id", .equal, id.lowercased()).first() != nil
        }
    }

    /// A page of `partnerID`'s customers in creation order, starting after `cursor`.
    public func customers(partnerID: String, after cursor: PageCursor?, limit: Int) async throws -> Page<Customer> {
        try await engine.withDatabase { db in
            try await Self.page(
                db.select().column("body").from("customers").where("partner_id", .equal, partnerID),
                count: db.select().from("customers").where("partner_id", .equal, partnerID),
                after: cursor, limit: limit, positioned: false
            ) { try StoreJSON.decode(Customer.self, from: $0.decode(column: "body", as: String.self)) }
        }
    }
}

extension Store {
    /// How many subscriptions a customer of `partnerID` has (the sandbox's cap counts them).
    public func subscriptionCount(partnerID: String, customerID: String) async throws -> Int {
        try await engine.withDatabase { db in
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("subscriptions")
                .where("partner_id", .equal, partnerID).where("customer_id", .equal, customerID).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// The partner a customer belongs to, whoever asks (the operator's `/_admin` calls), or `nil` when there is none.
    public func partnerOfCustomer(id: String) async throws -> String? {
        try await engine.withDatabase { db in
            try await db.select().column("partner_id").from("customers").where("id", .equal, id.lowercased()).first()?
                .decode(column: "partner_id", as: String.self)
        }
    }
}

import CommerceCore
import Foundation
import PartnerCenterModels
import SQLKit

/// Where the next page of a customer listing starts: an opaque, URL-safe continuation token.
public struct CustomerPageCursor: Sendable, Equatable {
    let createdAt: String
    let id: String

    /// The token to hand to a client.
    public var token: String {
        Data("\(createdAt)|\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Reads a token a client sent back; `nil` if it is not one of ours.
    public init?(token: String) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "|", maxSplits: 1).map(String.init)
        guard parts.count == 2, StoreTime.date(parts[0]) != nil else { return nil }
        self.createdAt = parts[0]
        self.id = parts[1]
    }

    init(createdAt: String, id: String) {
        self.createdAt = createdAt
        self.id = id
    }
}

/// One page of a partner's customers, oldest first.
public struct CustomerPage: Sendable {
    public var customers: [Customer]
    public var totalCount: Int
    /// Present when more customers follow.
    public var next: CustomerPageCursor?
}

extension Store {
    /// Stores a new customer of `partnerID`. Fails with 409 when its domain is taken (domains are global, as
    /// in Entra ID), writing nothing.
    public func addCustomer(_ customer: Customer, market: Market, partnerID: String, at now: Date) async throws {
        guard let id = customer.id, let domain = customer.companyProfile?.domain else {
            throw CommerceError.invalidRequest("A customer needs an id and a domain.")
        }
        let body = try StoreJSON.encode(customer)
        try await engine.withTransaction { db in
            try await engine.exclusiveLock("customer-domain:\(domain)", in: db)
            let taken = try await db.select().column("id").from("customers").where("domain", .equal, domain).first()
            if taken != nil {
                throw CommerceError(.conflict, code: 3000, "The domain '\(domain)' is already in use.", data: ["companyProfile.domain"])
            }
            try await db.insert(into: "customers").columns("id", "partner_id", "domain", "company_name", "country", "created_at", "body")
                .values(
                    SQLBind(id), SQLBind(partnerID), SQLBind(domain), SQLBind(customer.companyProfile?.companyName),
                    SQLBind(market.country), SQLBind(StoreTime.text(now)), SQLBind(body)
                ).run()
        }
    }

    /// A customer of `partnerID`; `nil` when it does not exist or belongs to another partner.
    public func customer(id: String, partnerID: String) async throws -> Customer? {
        try await engine.withDatabase { db in
            guard let row = try await db.select().column("body").from("customers")
                .where("id", .equal, id.lowercased()).where("partner_id", .equal, partnerID).first()
            else { return nil }
            return try StoreJSON.decode(Customer.self, from: row.decode(column: "body", as: String.self))
        }
    }

    /// Whether a customer with this id exists for any partner, so another partner's customer can be told
    /// apart from no customer at all (403 / 20002 against 404) without revealing anything about it.
    public func customerExists(id: String) async throws -> Bool {
        try await engine.withDatabase { db in
            try await db.select().column("id").from("customers").where("id", .equal, id.lowercased()).first() != nil
        }
    }

    /// A page of `partnerID`'s customers in creation order, starting after `cursor`.
    public func customers(partnerID: String, after cursor: CustomerPageCursor?, limit: Int) async throws -> CustomerPage {
        try await engine.withDatabase { db in
            let total = try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("customers")
                .where("partner_id", .equal, partnerID).first()?.decode(column: "n", as: Int.self) ?? 0
            var query = db.select().columns("id", "created_at", "body").from("customers").where("partner_id", .equal, partnerID)
            if let cursor {
                query = query.where { group in
                    group.where("created_at", .greaterThan, cursor.createdAt)
                        .orWhere { inner in inner.where("created_at", .equal, cursor.createdAt).where("id", .greaterThan, cursor.id) }
                }
            }
            let rows = try await query.orderBy("created_at").orderBy("id").limit(limit + 1).all()
            let page = rows.prefix(limit)
            let customers = try page.map { try StoreJSON.decode(Customer.self, from: $0.decode(column: "body", as: String.self)) }
            var next: CustomerPageCursor?
            if rows.count > limit, let last = page.last {
                next = CustomerPageCursor(createdAt: try last.decode(column: "created_at", as: String.self), id: try last.decode(column: "id", as: String.self))
            }
            return CustomerPage(customers: customers, totalCount: total, next: next)
        }
    }
}

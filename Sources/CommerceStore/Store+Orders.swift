import CommerceCore
import Foundation
import PartnerCenterModels
import SQLKit

extension Store {
    /// A page of a customer's orders in placement order, optionally only those of one billing cycle.
    public func orders(
        partnerID: String, customerID: String, billingCycle: BillingCycleType? = nil, after cursor: PageCursor? = nil,
        limit: Int = Store.maximumPageSize
    ) async throws -> Page<Order> {
        let page = try await orderBodies(partnerID: partnerID, customerID: customerID, billingCycle: billingCycle, after: cursor, limit: limit)
        return Page(items: try page.items.map { try StoreJSON.decode(Order.self, from: $0) }, totalCount: page.totalCount, next: page.next)
    }

    /// The same page with each order as its stored wire JSON, which is what a response sends: nothing is decoded
    /// only to be encoded again.
    public func orderBodies(
        partnerID: String, customerID: String, billingCycle: BillingCycleType? = nil, after cursor: PageCursor? = nil,
        limit: Int = Store.maximumPageSize
    ) async throws -> Page<String> {
        try await engine.withDatabase { db in
            func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
                let query = query.from("orders").where("partner_id", .equal, partnerID).where("customer_id", .equal, customerID.lowercased())
                return billingCycle.map { query.where("billing_cycle", .equal, $0.wireValue) } ?? query
            }
            return try await Self.page(
                filtered(db.select().column("body")),
                total: { try await Self.orderCount(partnerID: partnerID, customerID: customerID, billingCycle: billingCycle?.wireValue, in: db) },
                after: cursor, limit: limit, positioned: true
            ) { try $0.decode(column: "body", as: String.self) }
        }
    }

    /// One order of a customer.
    public func order(id: String, partnerID: String, customerID: String) async throws -> Order? {
        try await orderBody(id: id, partnerID: partnerID, customerID: customerID).map { try StoreJSON.decode(Order.self, from: $0) }
    }

    /// One order of a customer as its stored wire JSON.
    public func orderBody(id: String, partnerID: String, customerID: String) async throws -> String? {
        try await engine.withDatabase { db in
            try await db.select().column("body").from("orders")
                .where("id", .equal, id).where("partner_id", .equal, partnerID).where("customer_id", .equal, customerID.lowercased()).first()?
                .decode(column: "body", as: String.self)
        }
    }

    /// The UPN the checkout named in `x-ms-customeruser-upn`, if any.
    public func customerUserUPN(orderID: String) async throws -> String? {
        try await engine.withDatabase { db in
            try await db.select().column("customer_user_upn").from("orders").where("id", .equal, orderID).first()?
                .decode(column: "customer_user_upn", as: String?.self)
        }
    }

    /// How many orders a cart produced (tests and diagnostics use it to prove exactly-once).
    public func orderCount(cartID: String) async throws -> Int {
        try await engine.withDatabase { db in
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("orders")
                .where("cart_id", .equal, cartID.lowercased()).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// The ids of every order a partner's checkouts placed, by cart: what the load generator checks its answers
    /// against, in one statement however many carts there are.
    public func orderIDsByCart(partnerID: String) async throws -> [String: Set<String>] {
        try await engine.withDatabase { db in
            let rows = try await db.select().columns("cart_id", "id").from("orders").where("partner_id", .equal, partnerID)
                .where("cart_id", .isNot, SQLLiteral.null).all()
            var byCart: [String: Set<String>] = [:]
            for row in rows {
                byCart[try row.decode(column: "cart_id", as: String.self), default: []].insert(try row.decode(column: "id", as: String.self))
            }
            return byCart
        }
    }
}

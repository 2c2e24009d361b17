import CommerceCore
import Foundation
import PartnerCenterModels
import SQLKit

extension Store {
    /// Stores a new cart of a customer.
    public func addCart(_ cart: Cart, partnerID: String, customerID: String) async throws {
        let record = try CartRecord(cart)
        try await engine.withTransaction { db in try await Self.insert(record, partnerID: partnerID, customerID: customerID, in: db) }
    }

    /// Stores a new cart of a customer together with the request's answer (see `Answering`); returns the answer.
    /// `body`, when given, is the cart's wire JSON already encoded (the answer's), kept as it is. With
    /// `openCartLimit`, refuses (`StoreError.openCartLimitReached`) once the customer has that many carts neither
    /// ordered nor expired, counted under a lock so two creations racing at the limit cannot both pass.
    public func addCart(
        _ cart: Cart, body: String? = nil, partnerID: String, customerID: String, openCartLimit: Int? = nil, answering: Answering<Cart>
    ) async throws -> StoredResponse {
        let record = try CartRecord(cart, body: body)
        return try await write(answering: answering, at: record.created) { db in
            if let openCartLimit {
                try await self.engine.exclusiveLock("carts-of:\(customerID)", in: db)
                let open =
                    try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("carts")
                    .where("partner_id", .equal, partnerID).where("customer_id", .equal, customerID)
                    .where("status", .notEqual, CartStatus.ordered.wireValue)
                    .where("expires_at", .greaterThan, StoreTime.text(record.created)).first()?.decode(column: "n", as: Int.self) ?? 0
                guard open < openCartLimit else { throw StoreError.openCartLimitReached(openCartLimit) }
            }
            try await Self.insert(record, partnerID: partnerID, customerID: customerID, in: db)
            return cart
        }
    }

    /// A cart of this partner's customer; `nil` when it does not exist or belongs to someone else.
    public func cart(id: String, partnerID: String, customerID: String) async throws -> StoredCart? {
        try await engine.withDatabase { db in try await Self.loadCart(id: id, partnerID: partnerID, customerID: customerID, in: db) }
    }

    /// A cart as its stored wire JSON, with the two facts that say whether it may still be shown (its status is
    /// `ordered`, and when it expires), so a read sends the body without decoding it.
    public func cartBody(id: String, partnerID: String, customerID: String) async throws -> (body: String, isOrdered: Bool, expires: Date?)? {
        try await engine.withDatabase { db in
            guard let row = try await db.first(CartBody.self, [.text(id.lowercased()), .text(partnerID), .text(customerID.lowercased())]) else {
                return nil
            }
            return (try row.text(0), try row.text(1) == CartStatus.ordered.wireValue, StoreTime.date(try row.text(2)))
        }
    }

    /// Changes a cart in one transaction, with the request's answer: `change` sees the stored cart and returns the
    /// new one, or throws to refuse (the cart is then untouched). Returns the answer.
    ///
    /// A cart can change only while no order of it is placed, so the groups a failed first checkout planned are
    /// dropped with the old lines: the next checkout plans the new ones.
    public func updateCart(
        id: String, partnerID: String, customerID: String, at now: Date, answering: Answering<Cart>,
        _ change: @escaping @Sendable (StoredCart) throws -> Cart
    ) async throws -> StoredResponse {
        let id = id.lowercased()
        return try await write(answering: answering, at: now) { db in
            guard let stored = try await Self.loadCart(id: id, partnerID: partnerID, customerID: customerID, lockingIt: true, in: db) else {
                throw StoreError.notFound(.cart, id: id)
            }
            let updated = try change(stored)
            try await db.run(
                RewriteCart.self,
                [
                    .text(updated.status?.wireValue ?? "Active"), .text(StoreTime.text(updated.lastModifiedTimestamp ?? now)),
                    .text(try StoreJSON.encode(updated)), .text(id),
                ]
            )
            try await db.run(ForgetCheckout.self, [.text(id)])
            return updated
        }
    }

    /// Deletes active carts that expired before `cutoff` and never had an order placed; returns how many.
    public func purgeExpiredCarts(expiredBefore cutoff: Date) async throws -> Int {
        try await engine.withTransaction { db in
            let rows = try await db.select().column("id").from("carts")
                .where("status", .equal, CartStatus.active.wireValue).where("expires_at", .lessThan, StoreTime.text(cutoff))
                .all()
            var purged = 0
            for row in rows {
                let id = try row.decode(column: "id", as: String.self)
                let placed = try await db.select().column("id").from("orders").where("cart_id", .equal, id).limit(1).first()
                guard placed == nil else { continue }
                try await db.delete(from: "checkouts").where("cart_id", .equal, id).run()
                try await db.delete(from: "carts").where("id", .equal, id).run()
                purged += 1
            }
            return purged
        }
    }

    static func insert(_ record: CartRecord, partnerID: String, customerID: String, in db: any StoreDatabase) async throws {
        let created = DatabaseValue.text(StoreTime.text(record.created))
        try await db.run(
            InsertCart.self,
            [
                .text(record.id), .text(partnerID), .text(customerID), .text(record.status), created, .text(StoreTime.text(record.expires)), created,
                .text(record.body),
            ]
        )
    }

    /// `lockingIt` takes the row lock (`SELECT … FOR UPDATE` on PostgreSQL; SQLite's write lock already excludes
    /// everyone), so a second checkout or update of the cart on any node waits for this transaction.
    static func loadCart(id: String, partnerID: String, customerID: String, lockingIt: Bool = false, in db: any StoreDatabase) async throws
        -> StoredCart?
    {
        let key: [DatabaseValue] = [.text(id.lowercased()), .text(partnerID), .text(customerID.lowercased())]
        let found = try await lockingIt ? db.first(LockCart.self, key) : db.first(CartOnly.self, key)
        guard let found else { return nil }
        let placed = try await db.first(AnyOrderOfCart.self, [.text(id.lowercased())])
        return StoredCart(cart: try StoreJSON.decode(Cart.self, from: found.text(0)), hasPlacedOrders: placed != nil)
    }

    private enum CartBody: HotStatement {
        static let sql = "SELECT body, status, expires_at FROM carts WHERE id = $1 AND partner_id = $2 AND customer_id = $3"
    }

    private enum CartOnly: HotStatement {
        static let sql = "SELECT body FROM carts WHERE id = $1 AND partner_id = $2 AND customer_id = $3"
    }

    private enum LockCart: HotStatement {
        static let sql = "SELECT body FROM carts WHERE id = $1 AND partner_id = $2 AND customer_id = $3 FOR UPDATE"
    }

    private enum AnyOrderOfCart: HotStatement {
        static let sql = "SELECT id FROM orders WHERE cart_id = $1 LIMIT 1"
    }

    private enum InsertCart: HotStatement {
        static let sql =
            "INSERT INTO carts (id, partner_id, customer_id, status, created_at, expires_at, updated_at, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    }

    enum RewriteCart: HotStatement {
        static let sql = "UPDATE carts SET status = $1, updated_at = $2, body = $3 WHERE id = $4"
    }

    /// Drops a cart's checkout attempt (its plan): the cart changed, or a retry replaces it.
    enum ForgetCheckout: HotStatement {
        static let sql = "DELETE FROM checkouts WHERE cart_id = $1"
    }
}

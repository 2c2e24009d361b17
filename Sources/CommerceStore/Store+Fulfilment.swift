import CommerceCore
import Foundation
import PartnerCenterModels
import SQLKit

/// A pending order waiting for the fulfilment worker.
public struct FulfilmentJob: Sendable, Equatable {
    public var orderID: String
    public var partnerID: String
    public var customerID: String
    public var country: String
}

extension Store {
    /// Jobs due at `now`, oldest first.
    public func dueFulfilmentJobs(at now: Date, limit: Int) async throws -> [FulfilmentJob] {
        try await engine.withDatabase { db in
            try await db.select().columns("order_id", "partner_id", "customer_id", "country").from("fulfilment_jobs")
                .where("state", .equal, "pending").where("due_at", .lessThanOrEqual, StoreTime.text(now))
                .orderBy("due_at").limit(limit).all()
                .map { row in
                    FulfilmentJob(
                        orderID: try row.decode(column: "order_id", as: String.self), partnerID: try row.decode(column: "partner_id", as: String.self),
                        customerID: try row.decode(column: "customer_id", as: String.self), country: try row.decode(column: "country", as: String.self)
                    )
                }
        }
    }

    /// Completes one job in one transaction: `complete` turns the order into its fulfilled form and the
    /// subscriptions to create. Returns false when the job was already done (another worker got there first),
    /// so no order is fulfilled twice.
    public func fulfil(
        _ job: FulfilmentJob, at now: Date, complete: @escaping @Sendable (Order) -> (Order, [Subscription])
    ) async throws -> Bool {
        try await engine.withTransaction { db in
            // A job another node is completing right now is skipped, not waited for (PostgreSQL SKIP LOCKED).
            let claim = db.select().column("state").from("fulfilment_jobs").where("order_id", .equal, job.orderID)
            guard let state = try await Self.skippingLockedRows(claim, in: db).first(),
                try state.decode(column: "state", as: String.self) == "pending",
                let row = try await db.select().column("body").from("orders").where("id", .equal, job.orderID).first()
            else { return false }
            let (order, subscriptions) = complete(try StoreJSON.decode(Order.self, from: row.decode(column: "body", as: String.self)))
            for subscription in subscriptions {
                try await Self.insert(subscription, partnerID: job.partnerID, customerID: job.customerID, in: db)
            }
            try await db.update("orders").set("status", to: SQLBind(order.status?.wireValue ?? "completed"))
                .set("body", to: SQLBind(try StoreJSON.encode(order))).where("id", .equal, job.orderID).run()
            try await db.update("fulfilment_jobs").set("state", to: SQLBind("done")).set("updated_at", to: SQLBind(StoreTime.text(now)))
                .set("attempts", to: SQLRaw("attempts + 1")).where("order_id", .equal, job.orderID).run()
            return true
        }
    }

    /// Adds `FOR UPDATE SKIP LOCKED` where the engine has row locks (PostgreSQL); SQLite has one writer anyway.
    static func skippingLockedRows(_ query: SQLSelectBuilder, in db: any SQLDatabase) -> SQLSelectBuilder {
        db.dialect.exclusiveSelectLockExpression == nil ? query : query.lockingClause(SQLRaw("FOR UPDATE SKIP LOCKED"))
    }

    /// How many jobs wait (tests and the health report use it).
    public func pendingFulfilmentCount() async throws -> Int {
        try await engine.withDatabase { db in
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("fulfilment_jobs")
                .where("state", .equal, "pending").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }
}

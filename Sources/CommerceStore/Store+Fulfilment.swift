import CommerceCore
import Foundation
import PartnerCenterModels
import SQLKit

/// The fulfilment job table (ARCHITECTURE decision 7). A worker claims due jobs atomically for a lease, then
/// completes or fails each one in a transaction of its own, so one broken job never holds up the others and
/// every node can run a worker.
extension Store {
    /// Claims up to `limit` jobs that are due at `now`, oldest first, for `lease` seconds: they become `running`
    /// and their attempt count goes up by one. A job whose lease ran out (its worker died) is due again.
    /// On PostgreSQL, rows another worker is claiming at the same moment are skipped, not waited for.
    public func claimFulfilmentJobs(at now: Date, partners: PartnerScope = .all, lease: TimeInterval, limit: Int) async throws -> [FulfilmentJob] {
        let skipLocked = engine.capabilities.skipLockedRows
        return try await engine.withTransaction { db in
            let time = StoreTime.text(now)
            let due: SQLQueryString = """
                SELECT order_id FROM fulfilment_jobs
                WHERE ((state = 'pending' AND due_at <= \(bind: time)) OR (state = 'running' AND lease_until <= \(bind: time)))\(partners.condition)
                ORDER BY due_at LIMIT \(bind: max(limit, 1))
                """
            let claim: SQLQueryString = """
                UPDATE fulfilment_jobs SET state = 'running', attempts = attempts + 1, lease_until = \(bind: StoreTime.text(now.addingTimeInterval(lease))),
                updated_at = \(bind: time)
                WHERE order_id IN (\(due)\(unsafeRaw: skipLocked ? " FOR UPDATE SKIP LOCKED" : ""))
                RETURNING order_id, partner_id, customer_id, country, attempts, outcome
                """
            return try await db.raw(claim).all().map { row in
                FulfilmentJob(
                    orderID: try row.decode(column: "order_id", as: String.self), partnerID: try row.decode(column: "partner_id", as: String.self),
                    customerID: try row.decode(column: "customer_id", as: String.self), country: try row.decode(column: "country", as: String.self),
                    attempt: try row.decode(column: "attempts", as: Int.self), outcome: try row.decode(column: "outcome", as: String?.self)
                )
            }.sorted { $0.orderID < $1.orderID }
        }
    }

    /// Completes a claimed job in one transaction: `complete` turns the order into its fulfilled form and the
    /// subscriptions to create (or throws, and nothing is written). Returns false when the claim is no longer
    /// this worker's (it lapsed and another worker took the job), so no order is fulfilled twice. With `pricing`, each
    /// new subscription's purchase is charged in the same transaction.
    public func fulfil(
        _ job: FulfilmentJob, at now: Date, pricing: ChargePricing? = nil,
        complete: @escaping @Sendable (Order) throws -> (Order, [Subscription])
    ) async throws -> Bool {
        try await engine.withTransaction { db in
            guard try await Self.holdsClaim(job, in: db),
                let row = try await db.select().column("body").from("orders").where("id", .equal, job.orderID).first()
            else { return false }
            let (order, subscriptions) = try complete(try StoreJSON.decode(Order.self, from: row.decode(column: "body", as: String.self)))
            for subscription in subscriptions {
                try await Self.insert(subscription, partnerID: job.partnerID, customerID: job.customerID, at: now, ids: self.ids, in: db)
                guard let priced = pricing?.price(of: subscription, country: job.country) else { continue }
                try await Self.insertCharges(
                    Charges.purchase(subscription, price: priced.price, at: now), of: subscription, partnerID: job.partnerID,
                    customerID: job.customerID, priced: priced, in: db)
                try await Self.setCharged(subscription, through: subscription.effectiveStartDate, in: db)
            }
            try await Self.setOrder(order, id: job.orderID, in: db)
            try await db.update("fulfilment_jobs").set("state", to: SQLBind("done")).set("updated_at", to: SQLBind(StoreTime.text(now)))
                .set("lease_until", to: SQLLiteral.null).where("order_id", .equal, job.orderID).run()
            return true
        }
    }

    /// Records that an attempt failed: the job waits until `retryAt`, or, when that is `nil`, fails for good and
    /// its order is cancelled (`abandon` makes the cancelled order). Returns false when the claim is no longer
    /// this worker's.
    public func fulfilmentFailed(
        _ job: FulfilmentJob, reason: String, retryAt: Date?, at now: Date, abandon: @escaping @Sendable (Order) -> Order
    ) async throws -> Bool {
        // Bounded: the reason is an error's description, and it is kept in a row.
        let reason = String(reason.prefix(1000))
        return try await engine.withTransaction { db in
            guard try await Self.holdsClaim(job, in: db) else { return false }
            let update = db.update("fulfilment_jobs").set("last_error", to: SQLBind(reason)).set("updated_at", to: SQLBind(StoreTime.text(now)))
                .set("lease_until", to: SQLLiteral.null)
            if let retryAt {
                try await update.set("state", to: SQLBind("pending")).set("due_at", to: SQLBind(StoreTime.text(retryAt)))
                    .where("order_id", .equal, job.orderID).run()
                return true
            }
            try await update.set("state", to: SQLBind("failed")).where("order_id", .equal, job.orderID).run()
            let body = try await db.select().column("body").from("orders").where("id", .equal, job.orderID).first()?
                .decode(column: "body", as: String.self)
            if let order = try? body.map({ try StoreJSON.decode(Order.self, from: $0) }) {
                try await Self.setOrder(abandon(order), id: job.orderID, in: db)
            } else {
                // The stored order cannot be read (that may be why it failed): its status column still tells.
                try await db.update("orders").set("status", to: SQLBind(OrderStatus.cancelled.wireValue)).where("id", .equal, job.orderID).run()
            }
            return true
        }
    }

    /// The fulfilment jobs in `state` (all when `nil`), most recently touched first, at most `limit`.
    public func fulfilmentJobs(state: String?, limit: Int) async throws -> [FulfilmentJobStatus] {
        try await engine.withDatabase { db in
            var query = db.select().columns("order_id", "partner_id", "customer_id", "state", "attempts", "due_at", "last_error").from(
                "fulfilment_jobs")
            if let state { query = query.where("state", .equal, state) }
            return try await query.orderBy("updated_at", .descending).limit(max(limit, 1)).all().map { row in
                FulfilmentJobStatus(
                    orderID: try row.decode(column: "order_id", as: String.self), partnerID: try row.decode(column: "partner_id", as: String.self),
                    customerID: try row.decode(column: "customer_id", as: String.self), state: try row.decode(column: "state", as: String.self),
                    attempts: try row.decode(column: "attempts", as: Int.self),
                    dueAt: StoreTime.date(try row.decode(column: "due_at", as: String.self)),
                    lastError: try row.decode(column: "last_error", as: String?.self)
                )
            }
        }
    }

    /// How many jobs wait or run (tests and the health report use it).
    public func pendingFulfilmentCount() async throws -> Int {
        try await engine.withDatabase { db in
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("fulfilment_jobs")
                .where("state", .in, ["pending", "running"]).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// Locks the job's row and says whether `job` is still the current claim on it.
    private static func holdsClaim(_ job: FulfilmentJob, in db: any StoreDatabase) async throws -> Bool {
        guard
            let row = try await db.select().columns("state", "attempts").from("fulfilment_jobs").where("order_id", .equal, job.orderID)
                .for(.update).first()
        else { return false }
        return try row.decode(column: "state", as: String.self) == "running" && row.decode(column: "attempts", as: Int.self) == job.attempt
    }

    private static func setOrder(_ order: Order, id: String, in db: any StoreDatabase) async throws {
        try await db.update("orders").set("status", to: SQLBind(order.status?.wireValue ?? "completed"))
            .set("body", to: SQLBind(try StoreJSON.encode(order))).where("id", .equal, id).run()
    }
}

import CommerceCore
import Foundation
import SQLKit

/// What the test bench's fulfilment control (`/_admin/fulfilment`, `/_admin/orders/{id}/complete|fail`) changes on a job.
extension Store {
    /// Counts one read of a pending order; returns how many it has had, or `nil` when it has no pending job.
    public func countOrderRead(orderID: String) async throws -> Int? {
        try await engine.withTransaction { db in
            try await db.raw("UPDATE fulfilment_jobs SET reads = reads + 1 WHERE order_id = \(bind: orderID) AND state = 'pending' RETURNING reads")
                .first()?.decode(column: "reads", as: Int.self)
        }
    }

    /// Makes a pending order's job due at `now` with the outcome whichever worker claims it must give (empty: complete,
    /// text: fail with that reason); false when the order has no pending job (done, failed or running).
    public func releaseFulfilment(orderID: String, outcome: String, at now: Date) async throws -> Bool {
        try await engine.withTransaction { db in
            try await db.raw(
                """
                UPDATE fulfilment_jobs SET due_at = \(bind: StoreTime.text(now)), outcome = \(bind: outcome)
                WHERE order_id = \(bind: orderID) AND state = 'pending' RETURNING order_id
                """
            ).first() != nil
        }
    }

    /// The state of an order's fulfilment job (`pending`, `running`, `done`, `failed`), or `nil` when it has none.
    public func fulfilmentState(orderID: String) async throws -> String? {
        try await engine.withDatabase { db in
            try await db.select().column("state").from("fulfilment_jobs").where("order_id", .equal, orderID).first()?.decode(
                column: "state", as: String.self)
        }
    }
}

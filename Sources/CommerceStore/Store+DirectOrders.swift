import CommerceCore
import Foundation
import PartnerCenterModels

extension Store {
    /// Places an order made without a cart, with its subscriptions (and its fulfilment job, if it is not complete),
    /// in one transaction with its `MS-RequestId` record: a retry with the same id answers this order, never a second.
    public func placeOrder(
        _ planned: PlannedOrder, partnerID: String, customerID: String, country: String, at now: Date, answering: Answering<Order>
    ) async throws -> StoredResponse {
        try await write(answering: answering, at: now) { db in
            let order = planned.order
            let customerID = customerID.lowercased()
            try await db.run(
                CheckoutRows.InsertOrder.self,
                try CheckoutRows.orderRow(
                    order, group: planned.group, cartID: nil, upn: nil, position: 0, partnerID: partnerID, customerID: customerID, at: now)
            )
            for subscription in planned.subscriptions {
                try await Self.insert(subscription, partnerID: partnerID, customerID: customerID, at: now, ids: self.ids, in: db)
            }
            if let due = planned.fulfilAt {
                try await db.run(
                    CheckoutRows.InsertJob.self,
                    try CheckoutRows.jobRow(order, partnerID: partnerID, customerID: customerID, country: country, due: due, at: now))
            }
            try await Self.countOrders([order.billingCycle?.wireValue ?? "": 1], partnerID: partnerID, customerID: customerID, in: db)
            return order
        }
    }
}

import CommerceCore
import Foundation
import NIOCore
import PartnerCenterModels
import SQLKit

extension Store {
    /// Places an order made without a cart, with its subscriptions (and its fulfilment job, if it is not complete),
    /// in one transaction with its `MS-RequestId` record: a retry with the same id answers this order, never a second.
    public func placeOrder(
        _ planned: PlannedOrder, partnerID: String, customerID: String, country: String, at now: Date, answering: Answering<Order>
    ) async throws -> StoredResponse {
        try await write(answering: answering, at: now) { db in
            let order = planned.order
            guard let orderID = order.id else { throw StoreError.incomplete("an order needs an id") }
            let customerID = customerID.lowercased()
            let stamp = StoreTime.text(now)
            try await db.insert(into: "orders").columns(CheckoutRows.orderColumns).values([
                SQLBind(orderID), SQLBind(partnerID), SQLBind(customerID), SQLBind(String?.none), SQLBind(planned.group),
                SQLBind(order.billingCycle?.wireValue), SQLBind(order.status?.wireValue ?? "pending"), SQLBind(String?.none),
                SQLBind(StoreTime.text(order.creationDate ?? now)), SQLBind(0), SQLBind(try StoreJSON.encode(order)),
            ]).run()
            for subscription in planned.subscriptions {
                try await Self.insert(subscription, partnerID: partnerID, customerID: customerID, at: now, in: db)
            }
            if let due = planned.fulfilAt {
                try await db.insert(into: "fulfilment_jobs").columns(CheckoutRows.jobColumns).values([
                    SQLBind(orderID), SQLBind(partnerID), SQLBind(customerID), SQLBind(country), SQLBind(StoreTime.text(due)),
                    SQLBind("pending"), SQLBind(0), SQLBind(stamp),
                ]).run()
            }
            try await Self.countOrders([order.billingCycle?.wireValue ?? "": 1], partnerID: partnerID, customerID: customerID, in: db)
            return order
        }
    }
}

import CommerceCore
import Foundation
import PartnerCenterModels
import Testing

/// Fulfilment on its own: a subscription per line, add-ons under their parent's new subscription, lines that have one
/// keep it, and the provisioning status each order state shows.
@Suite struct FulfilmentTests {
    static func order(_ lines: [(String, Int)]) -> Order {
        var order = Order(
            id: "order-1", referenceCustomerId: "customer-1", billingCycle: .monthly,
            lineItems: lines.enumerated().map { OrderLineItem(lineItemNumber: $0.offset, offerId: $0.element.0, quantity: $0.element.1) }
        )
        order.status = .pending
        return order
    }

    static func complete(_ order: Order) throws -> (Order, [Subscription]) {
        let context = try CartRulesTests.context()
        return Fulfilment.complete(
            order, customerID: "customer-1", catalog: context.catalog, market: context.market, at: CartRulesTests.now,
            ids: SeedableIDGenerator(seed: 5))
    }

    @Test func eachLineGetsASubscriptionAndAnAddOnHangsFromItsParent() throws {
        let (completed, created) = try Self.complete(
            Self.order([("LICENCE00001:0001:AV1", 10), ("ADDON0000001:0001:AV1", 5), ("LEGACY-OFFER-1", 1)]))
        #expect(completed.status == .completed)
        #expect(created.count == 3)
        #expect(completed.lineItems.map(\.subscriptionId) == created.map(\.id))
        #expect(completed.lineItems[1].parentSubscriptionId == created[0].id, "the add-on follows its parent's new subscription")
        #expect(completed.lineItems[2].parentSubscriptionId == nil)
        #expect(completed.lineItems[0].links?.subscription?.uri == "/customers/customer-1/subscriptions/\(created[0].id)")
    }

    @Test func aLineThatHasASubscriptionKeepsIt() throws {
        var order = Self.order([("LICENCE00001:0001:AV1", 10), ("ADDON0000001:0001:AV1", 5)])
        order.lineItems[0].subscriptionId = "existing-parent"
        let (completed, created) = try Self.complete(order)
        #expect(created.count == 1)
        #expect(completed.lineItems[0].subscriptionId == "existing-parent")
        #expect(completed.lineItems[1].parentSubscriptionId == "existing-parent")
    }

    @Test(arguments: [
        (OrderStatus.completed, "Fulfilled"), (.cancelled, "Unfulfilled"), (.pending, "PrefulfillmentPending"),
    ])
    func provisioningStatusFollowsTheOrder(_ status: OrderStatus, _ expected: String) {
        var order = Self.order([("LICENCE00001:0001:AV1", 3), ("LEGACY-OFFER-1", 2)])
        order.status = status
        let lines = Fulfilment.provisioningStatus(of: order)
        #expect(lines.map(\.status) == [expected, expected])
        #expect(lines.map(\.lineItemNumber) == [0, 1])
    }

    @Test func anAbandonedOrderIsCancelled() {
        #expect(Fulfilment.abandoned(Self.order([("LEGACY-OFFER-1", 1)])).status == .cancelled)
    }
}

import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import PartnerCenterModels
import TestSupport
import Testing

/// The finer points of checkout: new-commerce ids, links, participants, dates, and all-or-nothing writes.
@Suite struct CheckoutDetailsTests {
    static let customer = "/v1/customers/\(DemoData.customerID)"

    @Test(arguments: TestEngine.all) func newCommerceOrdersCarryTwelveHexIdsLinksAndPartnersOnRecord(_ engine: TestEngine) async throws {
        let clock = ManualClock(Date())
        try await TestServer.run(
            engine: engine, clock: clock,
            configure: {
                $0.fulfilmentPollInterval = 0.02
                $0.fulfilmentDelay = 1
            }
        ) { server in
            let end = WireDate.format(clock.now().addingTimeInterval(200 * 86_400))
            let body = """
                {"lineItems":[{"id":0,"catalogItemId":"CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS","quantity":3,"billingCycle":"monthly","termDuration":"P1Y",
                  "customTermEndDate":"\(end)","friendlyName":"E3 for Wingtip",
                  "participants":[{"key":"transaction_reseller","value":"5357564"},{"Key":"additional_transaction_reseller","Value":"4847383"}]}]}
                """
            let cart = try await server.call(.post, "\(Self.customer)/carts", body: body)
            let line = try #require((try cart.json()["lineItems"] as? [[String: Any]])?.first)
            #expect(line["error"] == nil, "\(cart.text)")
            #expect((line["participants"] as? [[String: Any]])?.count == 2, "participants round-trip")
            let id = try #require(try cart.json()["id"] as? String)
            let result = try await server.call(.post, "\(Self.customer)/carts/\(id)/checkout").json()
            let order = try #require((result["orders"] as? [[String: Any]])?.first)
            let orderID = try #require(order["id"] as? String)
            #expect(orderID.count == 12 && orderID.allSatisfy(\.isHexDigit))
            #expect(order["alternateId"] as? String == orderID)
            let links = order["links"] as? [String: [String: Any]] ?? [:]
            #expect(links["self"]?["uri"] as? String == "/customers/\(DemoData.customerID)/orders/\(orderID)")
            #expect(links["provisioningStatus"]?["uri"] as? String == "/customers/\(DemoData.customerID)/orders/\(orderID)/provisioningstatus")
            #expect(links["patchOperation"]?["method"] as? String == "PATCH")
            let orderLine = try #require((order["lineItems"] as? [[String: Any]])?.first)
            #expect(orderLine["partnerIdOnRecord"] as? String == "5357564")
            #expect(orderLine["additionalPartnerIdsOnRecord"] as? [String] == ["4847383"])
            #expect(orderLine["friendlyName"] as? String == "E3 for Wingtip")
            let lineLinks = orderLine["links"] as? [String: [String: Any]] ?? [:]
            #expect(lineLinks["availability"]?["uri"] as? String == "/products/CFQ7TTC0LFLZ/skus/0002/availabilities/CFQ7TTC0K4TS?country=US")
            #expect(lineLinks["product"] != nil && lineLinks["sku"] != nil)

            clock.advance(by: 2)
            var subscription: [String: Any] = [:]
            try await eventually {
                let list = try await server.call(.get, "\(Self.customer)/subscriptions?order_id=\(orderID)").json()
                subscription = (list["items"] as? [[String: Any]])?.first ?? [:]
                return !subscription.isEmpty
            }
            #expect(subscription["offerId"] as? String == "CFQ7TTC0LFLZ:0002")
            #expect(subscription["partnerId"] as? String == "5357564")
            #expect(subscription["autoRenewEnabled"] as? Bool == true)
            #expect(subscription["commitmentEndDate"] as? String == end, "a custom term end date sets the commitment end")
            #expect(subscription["cancellationAllowedUntilDate"] is String)
            let completed = try await server.call(.get, "\(Self.customer)/orders/\(orderID)").json()
            let subscriptionLink = ((completed["lineItems"] as? [[String: Any]])?.first?["links"] as? [String: [String: Any]])?["subscription"]
            #expect(subscriptionLink?["uri"] as? String == "/customers/\(DemoData.customerID)/subscriptions/\(subscription["id"] as? String ?? "")")
        }
    }

    @Test(arguments: TestEngine.all) func termsSetTheSubscriptionDates(_ engine: TestEngine) async throws {
        let clock = ManualClock(WireDate.parse("2026-01-31T10:00:00Z")!)
        try await TestServer.run(
            engine: engine, clock: clock,
            configure: {
                $0.fulfilmentDelay = 0
                $0.fulfilmentPollInterval = 0.02
            }
        ) { server in
            #expect(try await server.call(.post, "\(Self.customer)/carts/\(DemoData.cartID)/checkout").status == .created)
            try await eventually { try await server.server.store.pendingFulfilmentCount() == 0 }
            let items = try await server.call(.get, "\(Self.customer)/subscriptions").json()["items"] as? [[String: Any]] ?? []
            let byOffer = Dictionary(items.map { ($0["offerId"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
            #expect(byOffer["DZH318Z0BQ36:004J"]?["commitmentEndDate"] as? String == "2029-01-31T10:00:00.0000000Z", "P3Y")
            #expect(byOffer["DZH318Z0BXWC:0002"]?["commitmentEndDate"] as? String == "2026-02-28T10:00:00.0000000Z", "P1M from 31 January")
            #expect(byOffer["DZH318Z0BQ36:004G"]?["effectiveStartDate"] as? String == "2026-01-31T10:00:00.0000000Z")
        }
    }

    @Test(arguments: TestEngine.all) func aCheckoutThatFailsHalfwayLeavesNothingBehind(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let store = server.server.store
            let now = Date()
            // Two orders with one id: the second insert fails inside the transaction, after the first succeeded.
            await #expect(throws: (any Error).self) {
                _ = try await store.checkout(
                    cartID: DemoData.cartID, partnerID: DemoData.partner.tenantID, customerID: DemoData.customerID, country: "US",
                    customerUserUPN: nil, at: now, answering: Answering(nil) { _ in StoredResponse(status: 201, headers: [], body: "") }
                ) { _ in
                    var first = Order(id: "duplicate", referenceCustomerId: DemoData.customerID, billingCycle: .monthly, lineItems: [])
                    first.status = .pending
                    let planned = [
                        PlannedOrder(group: "0", order: first, subscriptions: [], fulfilAt: now),
                        PlannedOrder(group: "1", order: first, subscriptions: [], fulfilAt: now),
                    ]
                    return CheckoutPlan(newOrders: planned, result: CartCheckoutResult(orders: [first, first]), groups: CheckoutGroups(groups: []))
                }
            }
            #expect(try await store.orderCount(cartID: DemoData.cartID) == 0)
            #expect(try await store.pendingFulfilmentCount() == 0)
            let cart = try await server.call(.get, "\(Self.customer)/carts/\(DemoData.cartID)").json()
            #expect(cart["status"] as? String == "Active")
            // And the cart can still be checked out properly.
            let real = try await server.call(.post, "\(Self.customer)/carts/\(DemoData.cartID)/checkout")
            #expect(real.status == .created)
            #expect(try await store.orderCount(cartID: DemoData.cartID) == 3)
        }
    }
}

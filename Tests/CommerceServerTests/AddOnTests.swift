import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import PartnerCenterModels
import TestSupport
import Testing

/// Add-ons (issue 14): bought in their parent's `addonItems`, they become subscriptions that name the parent's new
/// subscription; a base's seats cap its add-on's.
@Suite struct AddOnTests {
    static let customer = "/v1/customers/\(DemoData.customerID)"
    static let base = "CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P"
    static let defender = "CFQ7TTC0LHWP:0001:CFQ7TTC0LHWQ"

    static func cart(baseSeats: Int, addOnSeats: Int) -> String {
        #"{"lineItems":[{"catalogItemId":"\#(base)","quantity":\#(baseSeats),"billingCycle":"monthly","termDuration":"P1M","#
            + #""addonItems":[{"catalogItemId":"\#(defender)","quantity":\#(addOnSeats),"billingCycle":"monthly","termDuration":"P1M"}]}]}"#
    }

    @Test(arguments: TestEngine.all) func anAddOnsSubscriptionNamesItsParentsNewSubscription(_ engine: TestEngine) async throws {
        try await TestServer.run(
            engine: engine,
            configure: {
                $0.fulfilmentDelay = 0
                $0.fulfilmentPollInterval = 0.02
            }
        ) { server in
            let created = try await server.call(.post, "\(Self.customer)/carts", body: Self.cart(baseSeats: 5, addOnSeats: 3))
            let cartID = try #require(try created.json()["id"] as? String, "\(created.text)")
            let result = try await server.call(.post, "\(Self.customer)/carts/\(cartID)/checkout").json()
            let orders = try #require(result["orders"] as? [[String: Any]])
            #expect(orders.count == 1, "an add-on is ordered with its parent")
            let orderID = try #require(orders.first?["id"] as? String)
            var subscriptions: [[String: Any]] = []
            try await eventually {
                subscriptions =
                    try await server.call(.get, "\(Self.customer)/subscriptions?order_id=\(orderID)").json()["items"] as? [[String: Any]] ?? []
                return subscriptions.count == 2
            }
            let parent = try #require(subscriptions.first { ($0["offerId"] as? String)?.hasPrefix("CFQ7TTC0LH0Z") == true })
            let addOn = try #require(subscriptions.first { ($0["offerId"] as? String)?.hasPrefix("CFQ7TTC0LHWP") == true })
            let parentID = try #require(parent["id"] as? String)
            #expect(addOn["parentSubscriptionId"] as? String == parentID)
            #expect(
                ((addOn["links"] as? [String: Any])?["parentSubscription"] as? [String: Any])?["uri"] as? String
                    == "/customers/\(DemoData.customerID)/subscriptions/\(parentID)")
            #expect(parent["parentSubscriptionId"] == nil)
            #expect(parent["hasPurchasableAddons"] as? Bool == true, "the catalog sells Defender for this licence")

            let listed = try await server.call(.get, "\(Self.customer)/subscriptions/\(parentID)/addons").json()
            #expect((listed["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [addOn["id"] as? String].compactMap { $0 })
            #expect(listed["totalCount"] as? Int == 1)
            let none = try await server.call(.get, "\(Self.customer)/subscriptions/\(try #require(addOn["id"] as? String))/addons").json()
            #expect(none["totalCount"] as? Int == 0)
            try await server.call(.get, "\(Self.customer)/subscriptions/00000000-0000-0000-0000-000000000001/addons").expectFault(
                .notFound, code: 20003)

            // Bought later for the existing subscription, through provisioningContext: capped by its seats too.
            let later =
                #"{"lineItems":[{"catalogItemId":"\#(Self.defender)","quantity":9,"billingCycle":"monthly","termDuration":"P1M","provisioningContext":{"parentSubscriptionId":"\#(parentID)"}}]}"#
            let refused = try await server.call(.post, "\(Self.customer)/carts", body: later).json()
            let line = try #require((refused["lineItems"] as? [[String: Any]])?.first)
            #expect((line["error"] as? [String: Any])?["errorCode"] as? Int == 10018, "\(line)")
        }
    }

    @Test func anAddOnWithMoreSeatsThanItsBaseIs10018() async throws {
        try await TestServer.run { server in
            let created = try await server.call(.post, "\(Self.customer)/carts", body: Self.cart(baseSeats: 2, addOnSeats: 3)).json()
            let line = try #require((created["lineItems"] as? [[String: Any]])?.first)
            let addOn = try #require((line["addonItems"] as? [[String: Any]])?.first)
            #expect((addOn["error"] as? [String: Any])?["errorCode"] as? Int == 10018, "\(addOn)")
            #expect(line["error"] != nil, "a line whose add-on fails fails too")
            let fine = try await server.call(.post, "\(Self.customer)/carts", body: Self.cart(baseSeats: 3, addOnSeats: 3)).json()
            #expect(((fine["lineItems"] as? [[String: Any]])?.first?["addonItems"] as? [[String: Any]])?.first?["error"] == nil)
        }
    }
}

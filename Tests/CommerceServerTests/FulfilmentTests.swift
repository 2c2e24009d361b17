import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import PartnerCenterModels
import TestSupport
import Testing

/// Orders, their fulfilment and the subscriptions it creates (spec §2.5, §3.7–3.10; decision 7).
@Suite struct FulfilmentTests {
    static let customer = "/v1/customers/\(DemoData.customerID)"
    static let checkout = "\(customer)/carts/\(DemoData.cartID)/checkout"

    static func orderStatuses(_ server: TestServer, token: String? = "") async throws -> [String] {
        let orders = try await server.call(.get, "\(customer)/orders", token: token).json()["items"] as? [[String: Any]] ?? []
        return orders.compactMap { $0["status"] as? String }
    }

    @Test(arguments: TestEngine.all) func pendingOrdersCompleteWhenTheirDelayHasPassed(_ engine: TestEngine) async throws {
        let clock = ManualClock(Date())
        try await TestServer.run(
            engine: engine, clock: clock,
            configure: {
                $0.fulfilmentDelay = 30
                $0.fulfilmentPollInterval = 0.02
            }
        ) { server in
            let result = try await server.call(.post, Self.checkout).json()
            let orders = result["orders"] as? [[String: Any]] ?? []
            let pendingID = try #require(orders[1]["id"] as? String)
            // Readable at once: no 15-minute lag.
            let value1 = try await server.call(.get, "\(Self.customer)/orders/\(pendingID)").status
            #expect(value1 == .ok)
            let before = try await server.call(.get, "\(Self.customer)/orders/\(pendingID)/provisioningstatus").json()
            #expect((before["items"] as? [[String: Any]])?.allSatisfy { $0["status"] as? String == "PrefulfillmentPending" } == true)
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await Self.orderStatuses(server).filter { $0 == "pending" }.count == 2, "nothing happens before the delay")

            clock.advance(by: 31)
            try await eventually { try await Self.orderStatuses(server).allSatisfy { $0 == "completed" } }
            let order = try await server.call(.get, "\(Self.customer)/orders/\(pendingID)").json()
            let lines = order["lineItems"] as? [[String: Any]] ?? []
            #expect(lines.count == 3 && lines.allSatisfy { $0["subscriptionId"] is String })
            let after = try await server.call(.get, "\(Self.customer)/orders/\(pendingID)/provisioningstatus").json()
            #expect((after["items"] as? [[String: Any]])?.allSatisfy { $0["status"] as? String == "Fulfilled" } == true)

            let subscriptions =
                try await server.call(.get, "\(Self.customer)/subscriptions?order_id=\(pendingID)").json()["items"] as? [[String: Any]] ?? []
            #expect(subscriptions.count == 3)
            #expect(subscriptions.allSatisfy { $0["status"] as? String == "active" && $0["orderId"] as? String == pendingID })
            let reservation = try #require(subscriptions.first { $0["offerId"] as? String == "DZH318Z0BQ36:004J" })
            #expect(reservation["termDuration"] as? String == "P3Y")
            #expect(reservation["billingCycle"] as? String == "one_time")
            let subscriptionID = try #require(lines.first?["subscriptionId"] as? String)
            let one = try await server.call(.get, "\(Self.customer)/subscriptions/\(subscriptionID)").json()
            #expect((one["attributes"] as? [String: Any])?["objectType"] as? String == "Subscription")
            let value2 = try await server.server.store.pendingFulfilmentCount()
            #expect(value2 == 0)
        }
    }

    @Test(arguments: TestEngine.all) func fulfilmentResumesAfterARestart(_ engine: TestEngine) async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let clock = ManualClock(Date())
        let slow: (inout ServerConfiguration) -> Void = {
            $0.fulfilmentDelay = 60
            $0.fulfilmentPollInterval = 0.02
        }
        try await TestServer.run(engine: engine, clock: clock, folder: folder, configure: slow) { server in
            let value3 = try await server.call(.post, Self.checkout).status
            #expect(value3 == .created)
            let value4 = try await server.server.store.pendingFulfilmentCount()
            #expect(value4 == 2)
        }
        clock.advance(by: 61)
        try await TestServer.run(engine: engine, clock: clock, folder: folder, configure: slow) { server in
            try await eventually { try await Self.orderStatuses(server).allSatisfy { $0 == "completed" } }
            let subscriptions = try await server.call(.get, "\(Self.customer)/subscriptions").json()
            // The demo Azure subscription, one for the legacy order, three reservations/software, one SaaS.
            #expect(subscriptions["totalCount"] as? Int == 6)
            let value5 = try await server.server.store.pendingFulfilmentCount()
            #expect(value5 == 0)
        }
    }

    @Test(arguments: TestEngine.all) func aJobIsFulfilledOnce(_ engine: TestEngine) async throws {
        let clock = ManualClock(Date())
        try await TestServer.run(engine: engine, clock: clock, configure: { $0.fulfilmentDelay = 3600 }) { server in
            let result = try await server.call(.post, Self.checkout).json()
            let orderID = try #require((result["orders"] as? [[String: Any]])?[1]["id"] as? String)
            let store = server.server.store
            let later = clock.now().addingTimeInterval(7200)
            let job = try #require(try await store.claimFulfilmentJobs(at: later, lease: 60, limit: 10).first { $0.orderID == orderID })
            #expect(try await store.claimFulfilmentJobs(at: later, lease: 60, limit: 10).isEmpty, "a claimed job is not claimed twice")
            let identity: @Sendable (Order) -> (Order, [Subscription]) = { ($0, []) }
            let value6 = try await store.fulfil(job, at: later, complete: identity)
            #expect(value6 == true)
            #expect(try await store.fulfil(job, at: later, complete: identity) == false, "a second worker finds it done")
        }
    }

    @Test(arguments: TestEngine.all) func orderAndSubscriptionQueries(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let placed = try await server.call(.post, Self.checkout).json()["orders"] as? [[String: Any]] ?? []
            let listed = try await server.call(.get, "\(Self.customer)/orders").json()["items"] as? [[String: Any]] ?? []
            #expect(placed.count == 3)
            #expect(listed.compactMap { $0["id"] as? String } == placed.compactMap { $0["id"] as? String }, "listed in placement order")
            let oneTime = try await server.call(.get, "\(Self.customer)/orders?billingType=OneTime").json()
            #expect(oneTime["totalCount"] as? Int == 1)
            let monthly = try await server.call(.get, "\(Self.customer)/orders?billingType=monthly").json()
            #expect(monthly["totalCount"] as? Int == 2)
            try await server.call(.get, "\(Self.customer)/orders?billingType=fortnightly").expectFault(.badRequest, code: 900126)
            try await server.call(.get, "\(Self.customer)/orders/nope").expectFault(.notFound, code: 20000)
            try await server.call(.get, "\(Self.customer)/orders/nope/provisioningstatus").expectFault(.notFound, code: 20000)
            try await server.call(.get, "\(Self.customer)/subscriptions/00000000-0000-0000-0000-000000000005").expectFault(.notFound, code: 20003)
            let azure = try await server.call(.get, "\(Self.customer)/subscriptions/\(DemoData.azureSubscriptionID)")
            #expect(azure.status == .ok)
            try await server.call(.get, "/v1/customers/00000000-0000-0000-0000-000000000001/orders").expectFault(.notFound, code: 60003)
        }
    }
}

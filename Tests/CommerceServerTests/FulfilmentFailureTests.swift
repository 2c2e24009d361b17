import CommerceCore
import CommerceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import PartnerCenterModels
import SQLKit
import Synchronization
import TestSupport
import Testing

@testable import CommerceStore

/// Fulfilment cannot be poisoned (issue 10, item 4): a job that fails is isolated, retried with a growing wait, and
/// after its last attempt its order is `cancelled` with the reason kept; the other jobs go on.
@Suite struct FulfilmentFailureTests {
    static let customer = "/v1/customers/\(DemoData.customerID)"
    static let cart =
        #"{"lineItems":[{"catalogItemId":"CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P","quantity":3,"billingCycle":"monthly","termDuration":"P1M"}]}"#

    /// Makes the attempts of one order fail: the first `times` of them, or all.
    final class FailOrder: FulfilmentFaults {
        let orderID = Mutex<String?>(nil)
        let times: Int
        init(times: Int = .max) { self.times = times }
        func failure(orderID: String, attempt: Int) -> String? {
            guard self.orderID.withLock({ $0 }) == orderID, attempt <= times else { return nil }
            return "The provisioning system is unavailable."
        }
    }

    /// Creates and checks out a one-line new-commerce cart; returns its (pending) order's id.
    static func buy(_ server: TestServer, token: String) async throws -> String {
        let created = try await server.call(.post, "\(customer)/carts", token: token, body: cart)
        let cartID = try #require(try created.json()["id"] as? String)
        let result = try await server.call(.post, "\(customer)/carts/\(cartID)/checkout", token: token).json()
        return try #require((result["orders"] as? [[String: Any]])?.first?["id"] as? String)
    }

    static func order(_ server: TestServer, _ id: String, token: String) async throws -> [String: Any] {
        try await server.call(.get, "\(customer)/orders/\(id)", token: token).json()
    }

    static func jobs(_ server: TestServer, state: String) async throws -> [[String: Any]] {
        let key = try #require(server.server.newAdminKey)
        return try await server.call(.get, "/_admin/fulfilment?state=\(state)", token: key).json()["items"] as? [[String: Any]] ?? []
    }

    @Test(arguments: TestEngine.all) func aBrokenJobBlocksNoOtherAndFailsForGoodWithItsReason(_ engine: TestEngine) async throws {
        let clock = ManualClock(Date())
        let retry = FulfilmentRetry(maximumAttempts: 3, firstDelay: 10, longestDelay: 60)
        let configure: (inout ServerConfiguration) -> Void = {
            $0.fulfilmentDelay = 30
            $0.fulfilmentPollInterval = 0.02
            $0.fulfilmentRetry = retry
        }
        try await TestServer.run(engine: engine, clock: clock, configure: configure) { server in
            let token = try await server.server.tokens.mint(
                partnerTenantID: DemoData.partner.tenantID, applicationID: DemoData.applicationID, objectID: DemoData.applicationID, lifetime: 86_400
            )
            // The broken order is due first, so a worker that stops at the first failure never reaches the other.
            let broken = try await Self.buy(server, token: token)
            clock.advance(by: 1)
            let healthy = try await Self.buy(server, token: token)
            // A real poison: the stored order cannot be read any more.
            try await server.server.store.engine.withWriter { db in
                try await db.update("orders").set("body", to: SQLBind("{")).where("id", .equal, broken).run()
            }
            clock.advance(by: 31)
            try await eventually { try await Self.order(server, healthy, token: token)["status"] as? String == "completed" }
            try await eventually {
                try await Self.jobs(server, state: "pending").first { $0["orderId"] as? String == broken }?["attempts"] as? Int == 1
            }
            // Tried again after 10 s, then 20 s; the third failure is the last.
            clock.advance(by: 10)
            try await eventually {
                try await Self.jobs(server, state: "pending").first { $0["orderId"] as? String == broken }?["attempts"] as? Int == 2
            }
            clock.advance(by: 20)
            try await eventually { try await Self.jobs(server, state: "failed").contains { $0["orderId"] as? String == broken } }
            let failed = try #require(try await Self.jobs(server, state: "failed").first { $0["orderId"] as? String == broken })
            #expect(failed["attempts"] as? Int == 3)
            #expect((failed["lastError"] as? String)?.isEmpty == false)
            clock.advance(by: 3600)
            try await Task.sleep(for: .milliseconds(100))
            #expect(
                try await Self.jobs(server, state: "failed").first { $0["orderId"] as? String == broken }?["attempts"] as? Int == 3,
                "never tried again")
            #expect(try await server.server.store.pendingFulfilmentCount() == 0)
        }
    }

    /// A server whose fulfilment of one order fails as `faults` says, retried every 5 s up to `attempts` times:
    /// buys that order, lets its delay pass and waits for the first attempt to fail, then hands over.
    static func withFailingOrder(
        _ engine: TestEngine, _ faults: FailOrder, attempts: Int,
        _ body: @Sendable (_ server: TestServer, _ clock: ManualClock, _ token: String, _ orderID: String) async throws -> Void
    ) async throws {
        let clock = ManualClock(Date())
        let configure: (inout ServerConfiguration) -> Void = {
            $0.fulfilmentDelay = 30
            $0.fulfilmentPollInterval = 0.02
            $0.fulfilmentRetry = FulfilmentRetry(maximumAttempts: attempts, firstDelay: 5, longestDelay: 5)
            $0.fulfilmentFaults = faults
        }
        try await TestServer.run(engine: engine, clock: clock, configure: configure) { server in
            let token = try await server.server.tokens.mint(
                partnerTenantID: DemoData.partner.tenantID, applicationID: DemoData.applicationID, objectID: DemoData.applicationID, lifetime: 86_400
            )
            let id = try await Self.buy(server, token: token)
            faults.orderID.withLock { $0 = id }
            clock.advance(by: 31)
            try await eventually { try await Self.jobs(server, state: "pending").first { $0["orderId"] as? String == id }?["attempts"] as? Int == 1 }
            try await body(server, clock, token, id)
        }
    }

    @Test(arguments: TestEngine.all) func anOrderThatCannotBeFulfilledIsCancelledNotLeftPending(_ engine: TestEngine) async throws {
        try await Self.withFailingOrder(engine, FailOrder(), attempts: 2) { server, clock, token, id in
            #expect(try await Self.order(server, id, token: token)["status"] as? String == "pending", "still pending while it is retried")
            clock.advance(by: 5)
            try await eventually { try await Self.order(server, id, token: token)["status"] as? String == "cancelled" }
            let status = try await server.call(.get, "\(Self.customer)/orders/\(id)/provisioningstatus", token: token).json()
            #expect((status["items"] as? [[String: Any]])?.allSatisfy { $0["status"] as? String == "Unfulfilled" } == true)
            let job = try #require(try await Self.jobs(server, state: "failed").first { $0["orderId"] as? String == id })
            #expect(job["lastError"] as? String == "The provisioning system is unavailable.")
            let subscriptions = try await server.call(.get, "\(Self.customer)/subscriptions?order_id=\(id)", token: token).json()
            #expect(subscriptions["totalCount"] as? Int == 0)
        }
    }

    @Test(arguments: TestEngine.all) func aJobThatFailsOnceSucceedsOnItsNextAttempt(_ engine: TestEngine) async throws {
        try await Self.withFailingOrder(engine, FailOrder(times: 1), attempts: 5) { server, clock, token, id in
            clock.advance(by: 5)
            try await eventually { try await Self.order(server, id, token: token)["status"] as? String == "completed" }
            let job = try #require(try await Self.jobs(server, state: "done").first { $0["orderId"] as? String == id })
            #expect(job["attempts"] as? Int == 2)
        }
    }

    @Test func anUnknownStateIsRefusedNamingTheParameter() async throws {
        try await TestServer.run { server in
            let key = try #require(server.server.newAdminKey)
            for state in ["bogus", "PENDING", "", "pending'--"] {
                let query = state.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let fault = try await server.call(.get, "/_admin/fulfilment?state=\(query)", token: key).expectFault(.badRequest, code: 3000)
                #expect(fault["data"] as? [String] == ["state"], "\(state)")
            }
            #expect(try await server.call(.get, "/_admin/fulfilment", token: key).status == .ok)
        }
    }

    @Test(arguments: TestEngine.all) func aJobWhoseWorkerDiedIsClaimedAgainAfterItsLease(_ engine: TestEngine) async throws {
        // The server's own worker never sees these jobs due: its clock stands still, an hour before them.
        let clock = ManualClock(Date())
        try await TestServer.run(engine: engine, clock: clock, configure: { $0.fulfilmentDelay = 3600 }) { server in
            let value = try await server.call(.post, "\(Self.customer)/carts/\(DemoData.cartID)/checkout").status
            #expect(value == .created)
            let store = server.server.store
            let start = clock.now().addingTimeInterval(7200)
            let jobs = try await store.claimFulfilmentJobs(at: start, lease: 60, limit: 10)
            #expect(jobs.count == 2)
            // The worker dies here. Within its lease nobody else takes the jobs; after it, another worker does.
            #expect(try await store.claimFulfilmentJobs(at: start.addingTimeInterval(50), lease: 60, limit: 10).isEmpty)
            let again = try await store.claimFulfilmentJobs(at: start.addingTimeInterval(61), lease: 60, limit: 10)
            #expect(again.map(\.orderID) == jobs.map(\.orderID))
            #expect(again.allSatisfy { $0.attempt == 2 })
            // The first worker's claim is no longer its own: it can neither complete nor fail the job.
            let identity: @Sendable (Order) -> (Order, [Subscription]) = { ($0, []) }
            #expect(try await store.fulfil(jobs[0], at: start, complete: identity) == false)
            #expect(try await store.fulfilmentFailed(jobs[0], reason: "late", retryAt: nil, at: start, abandon: { $0 }) == false)
            #expect(try await store.fulfil(again[0], at: start, complete: identity) == true)
        }
    }
}

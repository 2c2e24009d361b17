import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// Throttling (spec §10): per partner, per partner and customer, 429 with Retry-After and the gateway body.
@Suite struct ThrottlingTests {
    static let customer = "/v1/customers/\(DemoData.customerID)"
    static let cartBody = #"{"lineItems":[{"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly"}]}"#

    @Test(arguments: TestEngine.all) func aBurstOverTheLimitIsRefusedUntilTheWaitIsOver(_ engine: TestEngine) async throws {
        let clock = ManualClock(Date())
        let policy = ThrottlePolicy(tenantPerMinute: 500, cartWritesPerMinute: 3, checkoutsPerMinute: 2)
        try await TestServer.run(engine: engine, clock: clock, configure: { $0.throttling = policy }) { server in
            for _ in 0..<3 {
                let created = try await server.call(.post, "\(Self.customer)/carts", body: Self.cartBody)
                #expect(created.status == .created)
            }
            let refused = try await server.call(.post, "\(Self.customer)/carts", body: Self.cartBody, headers: [.msRequestID: "throttled-1"])
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] == "20", "3 a minute: one token back every 20 s")
            #expect(refused.headers[.msRequestID] == "throttled-1")
            let body = try refused.json()
            #expect(body["statusCode"] as? Int == 429)
            #expect(body["message"] as? String == "Rate limit is exceeded. Try again in 20 seconds.")
            // Not executed: the same request id is free to run once the wait is over.
            clock.advance(by: 20)
            let after = try await server.call(.post, "\(Self.customer)/carts", body: Self.cartBody, headers: [.msRequestID: "throttled-1"])
            #expect(after.status == .created)
            #expect(after.headers[.idempotentReplay] == nil)
        }
    }

    @Test(arguments: TestEngine.all) func limitsArePerPartnerAndCustomer(_ engine: TestEngine) async throws {
        let policy = ThrottlePolicy(tenantPerMinute: 500, cartWritesPerMinute: 300, checkoutsPerMinute: 1)
        try await TestServer.run(engine: engine, configure: { $0.throttling = policy }) { server in
            let checkout = "\(Self.customer)/carts/\(DemoData.cartID)/checkout"
            let first = try await server.call(.post, checkout)
            #expect(first.status == .created)
            let second = try await server.call(.post, checkout)
            #expect(second.status == .tooManyRequests)
            // Another customer of the same partner has its own checkout bucket.
            let other = try await server.call(.post, "/v1/customers", body: CustomersTests.body(domain: "throttle.onmicrosoft.com"))
            let otherID = try #require(try other.json()["id"] as? String)
            try await server.acceptAgreement(customerID: otherID)
            let cart = try await server.call(.post, "/v1/customers/\(otherID)/carts", body: Self.cartBody)
            let cartID = try #require(try cart.json()["id"] as? String)
            let theirs = try await server.call(.post, "/v1/customers/\(otherID)/carts/\(cartID)/checkout")
            #expect(theirs.status == .created)
            // Reads are not checkouts.
            let read = try await server.call(.get, "\(Self.customer)/orders")
            #expect(read.status == .ok)
        }
    }

    @Test func tenantLimitCoversEveryCustomerReadAndCanBeSwitchedOff() async throws {
        let policy = ThrottlePolicy(tenantPerMinute: 2, cartWritesPerMinute: 300, checkoutsPerMinute: 100)
        try await TestServer.run(configure: { $0.throttling = policy }) { server in
            let list = try await server.call(.get, "/v1/customers")
            let one = try await server.call(.get, "\(Self.customer)")
            let third = try await server.call(.get, "/v1/customers?size=1")
            let health = try await server.call(.get, "/_admin/health", token: nil)
            #expect(list.status == .ok)
            #expect(one.status == .ok)
            #expect(third.status == .tooManyRequests)
            #expect(health.status == .ok, "health is never throttled")
        }
        try await TestServer.run(configure: { $0.throttling = nil }) { server in
            for _ in 0..<10 {
                let response = try await server.call(.get, "/v1/customers")
                #expect(response.status == .ok)
            }
        }
    }

    @Test func cellsAdmitABurstThenOneRequestPerStep() {
        let start = ThrottleCell.microseconds(Date(timeIntervalSince1970: 1_000_000))
        var cell = ThrottleCell(at: start)
        for _ in 0..<60 { #expect(cell.take(at: start, perMinute: 60) == nil) }
        #expect(cell.take(at: start, perMinute: 60) == 1)
        #expect(cell.take(at: start + 500_000, perMinute: 60) == 0.5)
        #expect(cell.take(at: start + 1_000_000, perMinute: 60) == nil)
        #expect(cell.take(at: start + 600_000_000, perMinute: 60) == nil, "a long pause refills only to capacity")
        for _ in 0..<59 { #expect(cell.take(at: start + 600_000_000, perMinute: 60) == nil) }
        #expect(cell.take(at: start + 600_000_000, perMinute: 60) != nil)
        // A rate that does not divide a minute evenly still admits its whole burst.
        var odd = ThrottleCell(at: start)
        #expect((0..<7).allSatisfy { _ in odd.take(at: start, perMinute: 7) == nil })
        #expect(odd.take(at: start, perMinute: 7) != nil)
    }
}

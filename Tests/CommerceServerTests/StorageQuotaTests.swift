import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// One partner cannot fill the disk inside the documented limits (issue 26, point 6).
@Suite struct StorageQuotaTests {
    static let customer = "/v1/customers/\(DemoData.customerID)"
    static let cart =
        #"{"lineItems":[{"catalogItemId":"CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS","quantity":1,"billingCycle":"monthly","termDuration":"P1M"}]}"#

    @Test(arguments: TestEngine.all) func aCustomerHoldsABoundedNumberOfOpenCarts(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine, configure: { $0.openCartsPerCustomer = 3 }) { server in
            // The demo data's own cart is the first of three.
            var made: [String] = []
            for _ in 0..<2 {
                let created = try await server.call(.post, "\(Self.customer)/carts", body: Self.cart)
                #expect(created.status == .created, "\(created.text)")
                made.append(try #require(try created.json()["id"] as? String))
            }
            let refused = try await server.call(.post, "\(Self.customer)/carts", body: Self.cart)
            try refused.expectFault(.badRequest, code: 800002)
            #expect((try refused.json()["description"] as? String)?.contains("3 open carts") == true, "\(refused.text)")
            // An ordered cart is no longer open: room for one more.
            #expect(try await server.call(.post, "\(Self.customer)/carts/\(made[0])/checkout").status == .created)
            #expect(try await server.call(.post, "\(Self.customer)/carts", body: Self.cart).status == .created)
        }
    }

    @Test(arguments: TestEngine.all) func aPartnerOverItsStorageQuotaCanReadButNotWrite(_ engine: TestEngine) async throws {
        try await TestServer.run(
            engine: engine,
            configure: {
                $0.partnerStorageLimit = 6_000
                $0.maintenanceInterval = 0.05
            }
        ) { server in
            let other = try await server.tokenForNewPartner(PartnerRecord(tenantID: UUID().uuidString.lowercased(), name: "Other", mpnID: nil))
            // Carts until the maintenance pass has measured the partner over its quota (a pass can wait long behind a
            // loaded machine's other work: the window is generous, the test still fails if the quota is never enforced).
            try await eventually(within: 90) {
                try await server.call(.post, "\(Self.customer)/carts", body: Self.cart).status == .badRequest
            }
            let refused = try await server.call(.post, "\(Self.customer)/carts", body: Self.cart)
            try refused.expectFault(.badRequest, code: 800002)
            #expect((try refused.json()["description"] as? String)?.contains("quota of 6000") == true, "\(refused.text)")
            #expect(try await server.call(.get, "\(Self.customer)/carts/\(DemoData.cartID)").status == .ok)
            // Another partner writes on.
            #expect(try await server.call(.post, "/v1/customers", token: other, body: SandboxLimitsTests.newCustomer(1)).status == .created)
        }
    }

    @Test func webhookRegistrationIsThrottledLikeEveryOtherCall() async throws {
        // A clock that stands still: the limit does not refill however slow the machine is.
        try await TestServer.run(clock: ManualClock(Date()), configure: { $0.throttling = ThrottlePolicy(tenantPerMinute: 3) }) { server in
            let body = #"{"WebhookUrl":"http://127.0.0.1:9/hook","WebhookEvents":["test-created"]}"#
            for _ in 0..<3 { _ = try await server.call(.put, "/webhooks/v1/registration", body: body) }
            let refused = try await server.call(.put, "/webhooks/v1/registration", body: body)
            #expect(refused.status == .tooManyRequests, "\(refused.text)")
            #expect(refused.headers[.retryAfter] != nil)
        }
    }
}

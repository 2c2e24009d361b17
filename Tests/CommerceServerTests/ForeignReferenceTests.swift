import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// Ids and request ids a caller has no right to (issue 26, points 9 and 11).
@Suite struct ForeignReferenceTests {
    static let customer = "/v1/customers/\(DemoData.customerID)"
    static let seats = "CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS"

    /// Checks the demo cart out and answers the id of one of the demo customer's subscriptions once there is one.
    static func checkOutTheDemoCart(_ server: TestServer) async throws -> String {
        #expect(try await server.call(.post, "\(customer)/carts/\(DemoData.cartID)/checkout").status == .created)
        var first: String?
        try await eventually {
            first = (try await server.call(.get, "\(customer)/subscriptions").json()["items"] as? [[String: Any]])?.first?["id"] as? String
            return first != nil
        }
        return try #require(first)
    }

    @Test(arguments: TestEngine.all) func aReplayIsServedOnlyToACallerAllowedToMakeTheRequest(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let helpdesk = try await server.helpdeskToken()
            let body = #"{"lineItems":[{"catalogItemId":"\#(Self.seats)","quantity":1,"billingCycle":"monthly","termDuration":"P1M"}]}"#
            let requestID: HTTPFields = [HTTPField.Name("MS-RequestId")!: UUID().uuidString]
            let bought = try await server.call(.post, "\(Self.customer)/carts", body: body, headers: requestID)
            #expect(bought.status == .created)
            // The same request id, path and body from a user who may not buy: that user's refusal, not the app's 201.
            try await server.call(.post, "\(Self.customer)/carts", token: helpdesk, body: body, headers: requestID)
                .expectFault(.forbidden, code: 900150)
            // The app still gets its own answer back.
            let again = try await server.call(.post, "\(Self.customer)/carts", body: body, headers: requestID)
            #expect(again.status == .created)
            #expect(again.headers[HTTPField.Name("MS-Idempotent-Replay")!] == "true")
        }
    }

    @Test(arguments: TestEngine.all) func aLineThatIsNotAnAddOnCannotNameAnotherPartnersSubscription(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine, configure: { $0.fulfilmentDelay = 0 }) { server in
            // Partner A (the demo partner) buys; its subscriptions exist.
            let foreign = try await Self.checkOutTheDemoCart(server)
            // Partner B, with a customer of its own, names A's subscription on a line that is not an add-on.
            let other = try await server.tokenForNewPartner(PartnerRecord(tenantID: UUID().uuidString.lowercased(), name: "Other", mpnID: nil))
            let made = try await server.call(.post, "/v1/customers", token: other, body: SandboxLimitsTests.newCustomer(1))
            let customerID = try #require(try made.json()["id"] as? String)
            let line = #"{"catalogItemId":"\#(Self.seats)","quantity":1,"billingCycle":"monthly","termDuration":"P1M""#
            let body = #"{"lineItems":[\#(line),"provisioningContext":{"parentSubscriptionId":"\#(foreign)"}}]}"#
            let cart = try await server.call(.post, "/v1/customers/\(customerID)/carts", token: other, body: body)
            #expect(cart.status == .created, "\(cart.text)")
            #expect(CartsTests.errorCode(try CartsTests.lines(cart)[0]) == 10007, "\(cart.text)")
        }
    }

    @Test func aParentNamedOnALineThatIsNotAnAddOnIsNotCarriedOn() async throws {
        try await TestServer.run(configure: { $0.fulfilmentDelay = 0 }) { server in
            let parent = try await Self.checkOutTheDemoCart(server)
            let line = #"{"catalogItemId":"\#(Self.seats)","quantity":1,"billingCycle":"monthly","termDuration":"P1M""#
            let body = #"{"lineItems":[\#(line),"provisioningContext":{"parentSubscriptionId":"\#(parent)"}}]}"#
            let cart = try await server.call(.post, "\(Self.customer)/carts", body: body)
            let cartID = try #require(try cart.json()["id"] as? String)
            let checkout = try await server.call(.post, "\(Self.customer)/carts/\(cartID)/checkout")
            #expect(checkout.status == .created, "\(checkout.text)")
            let orders = try checkout.json()["orders"] as? [[String: Any]] ?? []
            let lines = orders.flatMap { $0["lineItems"] as? [[String: Any]] ?? [] }
            #expect(!lines.isEmpty)
            #expect(lines.allSatisfy { $0["parentSubscriptionId"] == nil }, "\(lines)")
        }
    }
}

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

    @Test(arguments: TestEngine.all) func aReplayIsServedOnlyToACallerAllowedToMakeTheRequest(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            _ = try await PartnerDirectory(store: server.server.store).createUser(
                partnerID: DemoData.partner.tenantID, userPrincipalName: "helpdesk@contosopartnerdemo.onmicrosoft.com", displayName: nil,
                password: "Helpdesk-Password-1", roles: ["helpdesk-agent"]
            )
            let signIn = try await server.token(
                TokenEndpointTests.v1,
                [
                    ("grant_type", "password"), ("resource", TokenEndpointTests.resource), ("client_id", DemoData.applicationID),
                    ("username", "helpdesk@contosopartnerdemo.onmicrosoft.com"), ("password", "Helpdesk-Password-1"),
                ]
            )
            let helpdesk = try #require(try signIn.json()["access_token"] as? String)
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
            #expect(try await server.call(.post, "\(Self.customer)/carts/\(DemoData.cartID)/checkout").status == .created)
            var theirs: String?
            try await eventually {
                theirs = (try await server.call(.get, "\(Self.customer)/subscriptions").json()["items"] as? [[String: Any]])?.first?["id"] as? String
                return theirs != nil
            }
            let foreign = try #require(theirs)
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
            #expect(try await server.call(.post, "\(Self.customer)/carts/\(DemoData.cartID)/checkout").status == .created)
            var own: String?
            try await eventually {
                own = (try await server.call(.get, "\(Self.customer)/subscriptions").json()["items"] as? [[String: Any]])?.first?["id"] as? String
                return own != nil
            }
            let parent = try #require(own)
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

import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// `serve --sandbox-limits`: the integration sandbox's caps, with the errors that sandbox gives.
@Suite struct SandboxLimitsTests {
    static let customer = "/v1/customers/\(DemoData.customerID)"

    static func newCustomer(_ index: Int) -> String {
        #"{"companyProfile":{"domain":"sandbox-\#(index)-\#(UUID().uuidString.prefix(6)).onmicrosoft.com"},"billingProfile":{"email":"a@b.example","culture":"en-US","language":"en","companyName":"Sandbox \#(index)","defaultAddress":{"country":"US","city":"Redmond","state":"WA","addressLine1":"1 Way","postalCode":"98052"}}}"#
    }

    @Test(arguments: TestEngine.all) func customersPastTheCapAreRefused(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine, configure: { $0.sandboxLimits = SandboxLimits(customersPerPartner: 3) }) { server in
            // The demo customer is the first of three.
            for index in 0..<2 { #expect(try await server.call(.post, "/v1/customers", body: Self.newCustomer(index)).status == .created) }
            try await server.call(.post, "/v1/customers", body: Self.newCustomer(9)).expectFault(.badRequest, code: 800018)
            #expect(try await server.call(.get, "/v1/customers").json()["totalCount"] as? Int == 3)
        }
    }

    @Test func linesPastTheLicenceOrSubscriptionCapCarrySandboxLimitExceeded() async throws {
        try await TestServer.run(configure: { $0.sandboxLimits = .partnerCenter }) { server in
            let licences =
                #"{"lineItems":[{"catalogItemId":"CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS","quantity":26,"billingCycle":"monthly","termDuration":"P1M"}]}"#
            let cart = try await server.call(.post, "\(Self.customer)/carts", body: licences)
            #expect(cart.status == .created, "\(cart.text)")
            let line = try #require((try cart.json()["lineItems"] as? [[String: Any]])?.first)
            #expect((line["error"] as? [String: Any])?["errorCode"] as? Int == 10009, "\(cart.text)")
            let id = try #require(try cart.json()["id"] as? String)
            try await server.call(.post, "\(Self.customer)/carts/\(id)/checkout").expectFault(.badRequest, code: 800009)
        }
        // The demo customer owns one subscription; a cap of two leaves room for one more line.
        try await TestServer.run(configure: { $0.sandboxLimits = SandboxLimits(subscriptionsPerCustomer: 2) }) { server in
            let two =
                #"{"lineItems":[{"catalogItemId":"CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS","quantity":1,"billingCycle":"monthly","termDuration":"P1M"},{"catalogItemId":"CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS","quantity":2,"billingCycle":"monthly","termDuration":"P1M"}]}"#
            let cart = try await server.call(.post, "\(Self.customer)/carts", body: two).json()
            let errors = (cart["lineItems"] as? [[String: Any]])?.map { ($0["error"] as? [String: Any])?["errorCode"] as? Int }
            #expect(errors == [nil, 10009], "\(cart)")
        }
        // Without the flag there are no caps.
        try await TestServer.run { server in
            let many =
                #"{"lineItems":[{"catalogItemId":"CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS","quantity":300,"billingCycle":"monthly","termDuration":"P1M"}]}"#
            let cart = try await server.call(.post, "\(Self.customer)/carts", body: many).json()
            #expect((cart["lineItems"] as? [[String: Any]])?.first?["error"] == nil, "\(cart)")
        }
    }
}

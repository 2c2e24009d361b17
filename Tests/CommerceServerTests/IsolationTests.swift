import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// Tenancy (ARCHITECTURE decision 5): a partner sees only its own customers and everything under them.
@Suite struct IsolationTests {
    static let partnerB = PartnerRecord(tenantID: "bbbbbbbb-1111-4222-8333-444444444444", name: "Fabrikam Partner")

    @Test(arguments: TestEngine.all) func anotherPartnerReadsNothing(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let tokenB = try await server.tokenForNewPartner(Self.partnerB)
            // The demo data (partner A): checkout so there are orders and subscriptions to hide.
            let placed = try await server.call(.post, "/v1/customers/\(DemoData.customerID)/carts/\(DemoData.cartID)/checkout").json()
            let orderID = try #require((placed["orders"] as? [[String: Any]])?.first?["id"] as? String)
            let customer = "/v1/customers/\(DemoData.customerID)"
            for path in [
                customer, "\(customer)/carts/\(DemoData.cartID)", "\(customer)/orders", "\(customer)/orders/\(orderID)",
                "\(customer)/orders/\(orderID)/provisioningstatus", "\(customer)/subscriptions",
                "\(customer)/subscriptions/\(DemoData.azureSubscriptionID)",
            ] {
                let response = try await server.call(.get, path, token: tokenB)
                let fault = try response.expectFault(.forbidden, code: 20002)
                #expect(!(fault["description"] as? String ?? "").contains("Wingtip"), "nothing of the customer is revealed")
            }
            try await server.call(.post, "\(customer)/carts/\(DemoData.cartID)/checkout", token: tokenB).expectFault(.forbidden, code: 20002)
            try await server.call(
                .post, "\(customer)/carts", token: tokenB,
                body: #"{"lineItems":[{"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly"}]}"#
            )
            .expectFault(.forbidden, code: 20002)
            let listed = try await server.call(.get, "/v1/customers", token: tokenB).json()
            #expect(listed["totalCount"] as? Int == 0)
            // The catalog is shared; a customer that exists nowhere is still 404.
            let catalog = try await server.call(.get, "/v1/offers/MS-AZR-0145P?country=US", token: tokenB)
            #expect(catalog.status == .ok)
            try await server.call(.get, "/v1/customers/00000000-0000-0000-0000-000000000001", token: tokenB).expectFault(.notFound, code: 60003)
            // Partner B's own customer is invisible to partner A in turn.
            let own = try await server.call(.post, "/v1/customers", token: tokenB, body: CustomersTests.body(domain: "fabrikamb.onmicrosoft.com"))
            let ownID = try #require(try own.json()["id"] as? String)
            try await server.call(.get, "/v1/customers/\(ownID)").expectFault(.forbidden, code: 20002)
        }
    }
}

import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import PartnerCenterModels
import TestSupport
import Testing

/// The catalog under `/customers/{id}` (issue 14): the partner catalog as the customer's market sees it, without
/// `country`, and only for the partner's own customers.
@Suite struct CustomerCatalogTests {
    static func items(_ server: TestServer, _ path: String) async throws -> [String] {
        let answer = try await server.call(.get, path)
        #expect(answer.status == .ok, "\(path) → \(answer.status) \(answer.text)")
        return (try answer.json()["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
    }

    @Test func eachRouteAnswersAsTheCustomersCountryWould() async throws {
        try await TestServer.run { server in
            let created = try await server.call(
                .post, "/v1/customers", body: CustomersTests.body(domain: "catalog-de.onmicrosoft.com", country: "de"))
            let german = try #require(try created.json()["id"] as? String)
            for (customer, country) in [(DemoData.customerID, "US"), (german, "DE")] {
                let scoped = "/v1/customers/\(customer)"
                let products = try await Self.items(server, "\(scoped)/products?targetView=OnlineServices")
                #expect(!products.isEmpty)
                #expect(products == (try await Self.items(server, "/v1/products?country=\(country)&targetView=OnlineServices")))
                #expect(
                    try await Self.items(server, "\(scoped)/products/CFQ7TTC0LH0Z/skus")
                        == (try await Self.items(server, "/v1/products/CFQ7TTC0LH0Z/skus?country=\(country)")))
                let availabilities = try await server.call(.get, "\(scoped)/products/CFQ7TTC0LH0Z/skus/0001/availabilities").json()
                let links = ((availabilities["links"] as? [String: Any])?["self"] as? [String: Any])?["uri"] as? String
                #expect(links == "/customers/\(customer)/products/CFQ7TTC0LH0Z/skus/0001/availabilities")
                let one = try await server.call(.get, "\(scoped)/products/CFQ7TTC0LH0Z/skus/0001/availabilities/CFQ7TTC0K18P")
                #expect(one.status == .ok, "\(one.text)")
                #expect(try await server.call(.get, "\(scoped)/products/CFQ7TTC0LH0Z").status == .ok)
                #expect(try await server.call(.get, "\(scoped)/products/CFQ7TTC0LH0Z/skus/0001").status == .ok)
            }
            try await server.call(.get, "/v1/customers/\(DemoData.customerID)/products").expectFault(.badRequest, code: 800002)
            try await server.call(.get, "/v1/customers/00000000-0000-0000-0000-000000000001/products?targetView=OnlineServices")
                .expectFault(.notFound, code: 60003)
        }
    }

    @Test func anotherPartnersCustomerSeesNothing() async throws {
        try await TestServer.run { server in
            let other = try await server.tokenForNewPartner(PartnerRecord(tenantID: UUID().uuidString.lowercased(), name: "Other", mpnID: nil))
            try await server.call(.get, "/v1/customers/\(DemoData.customerID)/products?targetView=OnlineServices", token: other)
                .expectFault(.forbidden, code: 20002)
        }
    }
}

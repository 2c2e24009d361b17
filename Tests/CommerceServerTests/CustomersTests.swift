import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// Customers over HTTP (spec §2.6): create, get, seek paging, and every kind of bad input.
@Suite struct CustomersTests {
    static func body(domain: String, country: String = "US") -> String {
        """
        {"companyProfile":{"domain":"\(domain)","companyName":"Fabrikam"},
         "billingProfile":{"email":"admin@\(domain)","culture":"en-US","language":"en","companyName":"Fabrikam",
          "defaultAddress":{"country":"\(country)","city":"Redmond","state":"WA","addressLine1":"1 Main St","postalCode":"98052"}}}
        """
    }

    func count(_ server: TestServer) async throws -> Int {
        try await server.call(.get, "/v1/customers").json()["totalCount"] as? Int ?? -1
    }

    @Test(arguments: TestEngine.all) func theDocsDemoCustomerExists(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let customer = try await server.call(.get, "/v1/customers/d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d").json()
            #expect(customer["id"] as? String == "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d")
            #expect((customer["attributes"] as? [String: Any])?["objectType"] as? String == "Customer")
        }
    }

    @Test(arguments: TestEngine.all) func noDemoMeansNoDemoCustomer(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine, seedDemoData: false) { server in
            // No demo partner either: the first partner of such a store is one the operator makes.
            let token = try await server.tokenForNewPartner(
                PartnerRecord(tenantID: "0b7c1f3e-5a2d-4c6b-8e9f-1a2b3c4d5e6f", name: "First", mpnID: "1234567"))
            try await server.call(.get, "/v1/customers/d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d", token: token).expectFault(.notFound, code: 60003)
        }
    }

    @Test(arguments: TestEngine.all) func createThenGet(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let created = try await server.call(.post, "/v1/customers", body: Self.body(domain: "fabrikam.onmicrosoft.com", country: "de"))
            #expect(created.status == .created, "\(created.text)")
            let customer = try created.json()
            let id = try #require(customer["id"] as? String)
            #expect(created.headers[.location] == "/v1/customers/\(id)")
            #expect((customer["companyProfile"] as? [String: Any])?["tenantId"] as? String == id)
            #expect(customer["commerceId"] is String)
            let address = (customer["billingProfile"] as? [String: Any])?["defaultAddress"] as? [String: Any]
            #expect(address?["country"] as? String == "DE")
            let fetched = try await server.call(.get, "/v1/customers/\(id)")
            #expect(fetched.status == .ok)
            #expect(fetched.text == created.text, "what was created is what is read back")
        }
    }

    @Test(arguments: TestEngine.all) func dotNetPascalCaseBodyIsAccepted(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let body = """
                {"Id":null,"CommerceId":null,"CompanyProfile":{"TenantId":null,"Domain":"pascal.onmicrosoft.com","CompanyName":"Pascal"},
                 "BillingProfile":{"Id":null,"Email":"a@pascal.com","Culture":"en-US","Language":"en","CompanyName":"Pascal",
                  "DefaultAddress":{"Country":"US","City":"Redmond","State":"WA","AddressLine1":"1 Main","PostalCode":"98052"}},
                 "RelationshipToPartner":"none","AllowDelegatedAccess":null,"Links":null,"Attributes":{"ObjectType":"Customer"}}
                """
            let created = try await server.call(.post, "/v1/customers", body: body)
            #expect(created.status == .created, "\(created.text)")
            #expect(try created.json()["relationshipToPartner"] as? String == "reseller", "server-owned fields are the server's")
        }
    }

    @Test(arguments: TestEngine.all) func pagingFollowsLinksNextWithTheHeaderOrTheUri(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            for index in 0..<4 {
                let response = try await server.call(.post, "/v1/customers", body: Self.body(domain: "page\(index).onmicrosoft.com"))
                #expect(response.status == .created)
            }
            // Five customers with the demo one, two per page.
            var ids: [String] = []
            var page = try await server.call(.get, "/v1/customers?size=2").json()
            #expect(page["totalCount"] as? Int == 5)
            while true {
                ids += (page["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                guard let next = (page["links"] as? [String: Any])?["next"] as? [String: Any] else { break }
                let header = try #require((next["headers"] as? [[String: Any]])?.first)
                #expect(header["key"] as? String == "MS-ContinuationToken")
                #expect(page["continuationToken"] as? String == header["value"] as? String)
                // The SDK way: the documented URI plus the header.
                page = try await server.call(
                    .get, "/v1/customers?size=2&seekOperation=Next", headers: [.msContinuationToken: header["value"] as! String]
                ).json()
            }
            #expect(ids.count == 5 && Set(ids).count == 5)

            // The generic-tool way: the uri alone carries the token.
            let first = try await server.call(.get, "/v1/customers?size=4").json()
            let nextURI = try #require(((first["links"] as? [String: Any])?["next"] as? [String: Any])?["uri"] as? String)
            let second = try await server.call(.get, "/v1\(nextURI)").json()
            #expect((second["items"] as? [Any])?.count == 1)
        }
    }

    @Test(arguments: TestEngine.all) func badInputIsAnApiFaultAndWritesNothing(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let before = try await count(server)
            try await server.call(.post, "/v1/customers", body: #"{"companyProfile": {"#).expectFault(.badRequest, code: 800002)
            try await server.call(.post, "/v1/customers", body: "").expectFault(.badRequest, code: 800002)
            try await server.call(.post, "/v1/customers", body: "[1,2]").expectFault(.badRequest, code: 800002)
            let wrongType = try await server.call(.post, "/v1/customers", body: #"{"companyProfile":{"domain":42}}"#)
                .expectFault(.badRequest, code: 3000)
            #expect(wrongType["data"] as? [String] == ["companyProfile.domain"])
            let missing = try await server.call(.post, "/v1/customers", body: #"{"companyProfile":{"domain":"x.onmicrosoft.com"}}"#)
                .expectFault(.badRequest, code: 3000)
            #expect(missing["data"] as? [String] == ["billingProfile"])
            try await server.call(.post, "/v1/customers", body: Self.body(domain: "zz.onmicrosoft.com", country: "ZZ")).expectFault(
                .badRequest, code: 800070)
            try await server.call(.post, "/v1/customers", body: "<customer/>", headers: [.contentType: "application/xml"])
                .expectFault(.unsupportedMediaType, code: 800002)
            #expect(try await count(server) == before)
        }
    }

    @Test(arguments: TestEngine.all) func aTakenDomainIsAConflict(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let first = try await server.call(.post, "/v1/customers", body: Self.body(domain: "taken.onmicrosoft.com"))
            #expect(first.status == .created)
            let before = try await count(server)
            try await server.call(.post, "/v1/customers", body: Self.body(domain: "TAKEN.onmicrosoft.com")).expectFault(.conflict, code: 3000)
            #expect(try await count(server) == before)
        }
    }

    @Test(arguments: TestEngine.all) func anOversizeBodyIs413(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine, maxBodyBytes: 2048) { server in
            let padding = String(repeating: "x", count: 4096)
            let body = #"{"companyProfile":{"domain":"big.onmicrosoft.com","companyName":"\#(padding)"}}"#
            try await server.call(.post, "/v1/customers", body: body).expectFault(.contentTooLarge, code: 800002)
        }
    }

    @Test(arguments: TestEngine.all) func unknownOrMalformedCustomerIds(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            try await server.call(.get, "/v1/customers/00000000-0000-0000-0000-000000000001").expectFault(.notFound, code: 60003)
            try await server.call(.get, "/v1/customers/not-a-guid").expectFault(.badRequest, code: 900118)
            try await server.call(.get, "/v1/customers?size=0").expectFault(.badRequest, code: 3000)
            try await server.call(.get, "/v1/customers?size=abc").expectFault(.badRequest, code: 3000)
            try await server.call(.get, "/v1/customers", headers: [.msContinuationToken: "bogus!"]).expectFault(.badRequest, code: 800002)
        }
    }
}

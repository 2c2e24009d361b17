import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// Customer agreements and the purchase gate over HTTP (issue 28, point 1; billing spec §1).
@Suite struct AgreementTests {
    static let licence =
        #"{"lineItems":[{"catalogItemId":"CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P","quantity":3,"billingCycle":"monthly","termDuration":"P1M"}]}"#

    /// A new customer (no agreement, as one made with `POST /v1/customers` has none) and a cart of a licence for it.
    static func customerWithCart(_ server: TestServer, domain: String) async throws -> (customer: String, cart: String) {
        let made = try await server.call(.post, "/v1/customers", body: CustomersTests.body(domain: domain))
        let customer = try #require(try made.json()["id"] as? String, "\(made.text)")
        let cart = try await server.call(.post, "/v1/customers/\(customer)/carts", body: licence)
        return (customer, try #require(try cart.json()["id"] as? String, "\(cart.text)"))
    }

    @Test(arguments: TestEngine.all) func aCheckoutWaitsForTheAgreementAndADuplicateIsRefused(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let (customer, cart) = try await Self.customerWithCart(server, domain: "gate-\(engine).onmicrosoft.com")
            let refused = try await server.call(.post, "/v1/customers/\(customer)/carts/\(cart)/checkout")
            let fault = try refused.expectFault(.forbidden, code: 13605)
            #expect((fault["description"] as? String)?.hasPrefix("Either a partner confirmation of the customer acceptance") == true)
            // Nothing written: no order, the cart still open.
            #expect(try await server.call(.get, "/v1/customers/\(customer)/orders").json()["totalCount"] as? Int == 0)
            #expect(try await server.call(.get, "/v1/customers/\(customer)/carts/\(cart)").json()["status"] as? String == "Active")

            // Confirming needs a user: App-only is 403 / 2032.
            _ = try await server.call(.post, "/v1/customers/\(customer)/agreements", body: TestServer.customerAgreement)
                .expectFault(.forbidden, code: 2032)
            let user = try await server.userToken()
            let made = try await server.call(.post, "/v1/customers/\(customer)/agreements", token: user, body: TestServer.customerAgreement)
            #expect(made.status == .created, "\(made.text)")
            let agreement = try made.json()
            #expect(agreement["userId"] as? String == DemoData.userObjectID)
            #expect(agreement["type"] as? String == "MicrosoftCustomerAgreement")
            #expect(agreement["agreementLink"] as? String == "https://aka.ms/customeragreement")
            #expect(agreement["dateAgreed"] as? String == "2018-06-14T00:00:00.0000000Z")

            let placed = try await server.call(.post, "/v1/customers/\(customer)/carts/\(cart)/checkout")
            #expect(placed.status == .created, "\(placed.text)")
            #expect((try placed.json()["orders"] as? [[String: Any]])?.count == 1)

            // The same contact again is the same confirmation; another phone number is a new one.
            let again = try await server.call(.post, "/v1/customers/\(customer)/agreements", token: user, body: TestServer.customerAgreement)
            #expect(try again.expectFault(.conflict, code: 600061)["data"] as? [String] == ["PartnerConfirmedAgreementAlreadyExists"])
            let other = TestServer.customerAgreement.replacingOccurrences(of: "1234567890", with: "5550100")
            #expect(try await server.call(.post, "/v1/customers/\(customer)/agreements", token: user, body: other).status == .created)
            // As the .NET SDK sends it: PascalCase, explicit nulls, text/plain.
            let dotnet =
                #"{"UserId":null,"PrimaryContact":{"FirstName":"Ana","LastName":"Lee","Email":"ana@example.com","PhoneNumber":null},"#
                + #""TemplateId":"117A77B0-9360-443B-8795-C6DEDC750CF9","DateAgreed":"2024-01-02T00:00:00","Type":"MicrosoftCustomerAgreement","AgreementLink":null}"#
            let sent = try await server.call(
                .post, "/v1/customers/\(customer)/agreements", token: user, body: dotnet, headers: [.contentType: "text/plain; charset=utf-8"])
            #expect(sent.status == .created, "\(sent.text)")

            // The listing follows the service: Cloud Agreements unless a type is named.
            let path = "/v1/customers/\(customer)/agreements"
            #expect(try await server.call(.get, path).json()["totalCount"] as? Int == 0)
            let listed = try await server.call(.get, path + "?agreementtype=microsoftcustomeragreement").json()
            #expect(listed["totalCount"] as? Int == 3)
            #expect(try await server.call(.get, path + "?agreementType=*").json()["totalCount"] as? Int == 3)
            _ = try await server.call(.get, path + "?agreementType=Nope").expectFault(.badRequest, code: 900126)
        }
    }

    @Test func aConfirmationIsCheckedBeforeItIsKept() async throws {
        try await TestServer.run { server in
            let (customer, _) = try await Self.customerWithCart(server, domain: "checked.onmicrosoft.com")
            let user = try await server.userToken()
            let path = "/v1/customers/\(customer)/agreements"
            let cases: [(String, String)] = [
                (TestServer.customerAgreement.replacingOccurrences(of: "117a77b0", with: "00000000"), "templateId"),
                (TestServer.customerAgreement.replacingOccurrences(of: "MicrosoftCustomerAgreement", with: "MicrosoftCloudAgreement"), "type"),
                (TestServer.customerAgreement.replacingOccurrences(of: "someone@example.com", with: "not-an-address"), "primaryContact.email"),
                (
                    TestServer.customerAgreement.replacingOccurrences(of: #""firstName":"Tania""#, with: #""firstName":"  ""#),
                    "primaryContact.firstName"
                ),
                (TestServer.customerAgreement.replacingOccurrences(of: "2018-06-14", with: "2999-06-14"), "dateAgreed"),
            ]
            for (body, property) in cases {
                let fault = try await server.call(.post, path, token: user, body: body).expectFault(.badRequest, code: 3000)
                #expect(fault["data"] as? [String] == [property], "\(fault)")
            }
            #expect(try await server.call(.get, path + "?agreementType=*").json()["totalCount"] as? Int == 0, "nothing was kept")
            // Another partner's customer is not this partner's to confirm.
            let stranger = try await server.tokenForNewPartner(PartnerRecord(tenantID: UUID().uuidString, name: "Stranger"))
            _ = try await server.call(.get, path, token: stranger).expectFault(.forbidden, code: 20002)
        }
    }

    @Test func theTemplatesTheirDocumentsAndTheDirectSignature() async throws {
        try await TestServer.run { server in
            let cloudOnly = try await server.call(.get, "/v1/agreements").json()
            let items = try #require(cloudOnly["items"] as? [[String: Any]])
            #expect(items.map { $0["agreementType"] as? String } == ["MicrosoftCloudAgreement"])
            let all = try #require(try await server.call(.get, "/v1/agreements?agreementType=*").json()["items"] as? [[String: Any]])
            #expect(
                Set(all.compactMap { $0["templateId"] as? String }) == [
                    "117a77b0-9360-443b-8795-c6dedc750cf9", "998b88de-aa99-4388-a42c-1b3517d49490",
                ])

            let path = "/v1/agreementtemplates/117a77b0-9360-443b-8795-c6dedc750cf9/document"
            let first = try await server.call(.get, path).json()
            #expect(first["language"] as? String == "en-US")
            #expect(first["country"] as? String == "US")
            let second = try await server.call(.get, path + "?language=ja-JP&country=jp").json()
            #expect(second["country"] as? String == "JP")
            #expect(first["displayUri"] as? String != second["displayUri"] as? String, "a new link each call")
            _ = try await server.call(.get, "/v1/agreementtemplates/nope/document").expectFault(.notFound, code: 1000)
            _ = try await server.call(.get, path + "?country=USA").expectFault(.badRequest, code: 800002)

            let status = try await server.call(.get, "/v1/customers/\(DemoData.customerID)/directSignedMicrosoftCustomerAgreementStatus")
            #expect(try status.json()["isSigned"] as? Bool == false)
            // The demo customer holds a confirmed agreement, so the docs' checkout works as written.
            let demo = try await server.call(.get, "/v1/customers/\(DemoData.customerID)/agreements?agreementType=MicrosoftCustomerAgreement")
            #expect(try demo.json()["totalCount"] as? Int == 1)
        }
    }

    @Test(arguments: TestEngine.all) func theGateCanBeTurnedOffAndASeatIncreaseIsAPurchase(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine, configure: { $0.fulfilmentDelay = 0 }) { server in
            let (customer, cart) = try await Self.customerWithCart(server, domain: "switch-\(engine).onmicrosoft.com")
            let partner = "/_admin/partners/\(DemoData.partner.tenantID)"
            let off = try await server.admin(.patch, partner, body: #"{"agreementGate":false}"#)
            #expect(try off.json()["agreementGate"] as? Bool == false, "\(off.text)")
            let placed = try await server.call(.post, "/v1/customers/\(customer)/carts/\(cart)/checkout")
            #expect(placed.status == .created, "\(placed.text)")
            let orderID = try #require((try placed.json()["orders"] as? [[String: Any]])?.first?["id"] as? String)
            var subscription: [String: Any] = [:]
            try await eventually {
                let listed = try await server.call(.get, "/v1/customers/\(customer)/subscriptions?order_id=\(orderID)").json()
                subscription = (listed["items"] as? [[String: Any]])?.first ?? [:]
                return subscription["status"] as? String == "active"
            }
            #expect(try await server.admin(.patch, partner, body: #"{"agreementGate":true}"#).json()["agreementGate"] as? Bool == true)

            let id = try #require(subscription["id"] as? String)
            func patch(quantity: Int) async throws -> TestResponse {
                var body = try await server.call(.get, "/v1/customers/\(customer)/subscriptions/\(id)").json()
                body["quantity"] = quantity
                let text = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
                return try await server.call(.patch, "/v1/customers/\(customer)/subscriptions/\(id)", body: text)
            }
            _ = try await patch(quantity: 5).expectFault(.forbidden, code: 13605)
            // A decrease is not a purchase.
            let fewer = try await patch(quantity: 2)
            #expect(fewer.status == .ok, "\(fewer.text)")
            #expect(try fewer.json()["quantity"] as? Int == 2)
            _ = try await server.admin(.patch, partner, body: "{}").expectFault(.badRequest, code: 800002)
        }
    }
}

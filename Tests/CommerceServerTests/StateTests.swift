import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import PartnerCenterModels
import TestSupport
import Testing

/// Reset, seed and snapshot over HTTP: a suite starts from a known state, and the same seed repeats every id.
@Suite struct StateTests {
    static let customer = "/v1/customers/\(DemoData.customerID)"
    static let checkout = "\(customer)/carts/\(DemoData.cartID)/checkout"

    /// A token that outlives any clock the tests set.
    static func longToken(_ server: TestServer) async throws -> String {
        try await server.server.tokens.mint(
            partnerTenantID: DemoData.partner.tenantID, applicationID: DemoData.applicationID, objectID: DemoData.applicationID, lifetime: 30 * 86_400
        )
    }

    @Test(arguments: TestEngine.all) func aResetBringsTheDemoDataBackEvenAfterCheckoutAndAWeekPassing(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine, clock: TravellingClock()) { server in
            #expect(try await server.call(.post, Self.checkout).status == .created)
            #expect(try await server.admin(.post, "/_admin/reset").status == .ok)
            let token = try await Self.longToken(server)
            let fresh = try await server.call(.get, "\(Self.customer)/carts/\(DemoData.cartID)", token: token)
            #expect(try fresh.json()["status"] as? String == "Active", "an ordered demo cart is active again")
            #expect(try await server.call(.get, "\(Self.customer)/orders", token: token).json()["totalCount"] as? Int == 0)
            // A week later the demo cart has expired; a reset makes it anew, a week from the server's time.
            #expect(try await server.admin(.post, "/_admin/clock", body: #"{"advance":"P8D"}"#).status == .ok)
            try await server.call(.get, "\(Self.customer)/carts/\(DemoData.cartID)", token: token).expectFault(.notFound, code: 800008)
            let reset = try await server.admin(.post, "/_admin/reset")
            #expect(reset.status == .ok, "\(reset.text)")
            #expect(try reset.json()["reset"] as? String == "everything")
            let cart = try await server.call(.get, "\(Self.customer)/carts/\(DemoData.cartID)", token: token)
            #expect(cart.status == .ok, "the demo cart is back: \(cart.text)")
            // The docs' example works verbatim again.
            #expect(try await server.call(.post, Self.checkout, token: token).status == .created)
        }
    }

    /// The ids and timestamps a scripted run produces.
    static func scriptedRun(_ server: TestServer) async throws -> [String] {
        let reset = try await server.admin(.post, "/_admin/reset", body: #"{"seed":42,"clock":"2030-01-01T00:00:00Z"}"#)
        #expect(reset.status == .ok, "\(reset.text)")
        #expect(try reset.json()["now"] as? String == "2030-01-01T00:00:00.0000000Z", "the answer tells the time after the reset")
        // A token on the new clock (the one minted before lies years away from it).
        let token = try await Self.longToken(server)
        let creation = try await server.call(
            .post, "/v1/customers", token: token,
            body:
                #"{"companyProfile":{"domain":"seeded-run.onmicrosoft.com"},"billingProfile":{"email":"a@b.example","culture":"en-US","language":"en","companyName":"Seeded","defaultAddress":{"country":"US","city":"Redmond","state":"WA","addressLine1":"1 Way","postalCode":"98052"}}}"#
        )
        let customer = try #require(try creation.json()["id"] as? String, "\(creation.text)")
        try await server.acceptAgreement(customerID: customer)
        let body = #"{"lineItems":[{"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly"}]}"#
        let cart = try await server.call(.post, "/v1/customers/\(customer)/carts", token: token, body: body).json()
        let cartID = try #require(cart["id"] as? String)
        let result = try await server.call(.post, "/v1/customers/\(customer)/carts/\(cartID)/checkout", token: token)
        #expect(result.status == .created, "\(result.text)")
        let orders = try #require(try result.json()["orders"] as? [[String: Any]])
        return [customer, cartID, cart["creationTimestamp"] as? String ?? "", cart["expirationTimestamp"] as? String ?? ""]
            + orders.flatMap { [$0["id"] as? String ?? "", $0["creationDate"] as? String ?? ""] }
    }

    @Test(arguments: TestEngine.all) func resetPlusTheSameSeedGivesIdenticalIdsInTwoRuns(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine, clock: TravellingClock()) { server in
            let first = try await Self.scriptedRun(server)
            let second = try await Self.scriptedRun(server)
            #expect(first == second)
            #expect(first.count >= 6)
            #expect(first[2].hasPrefix("2030-01-01T00:00:00"), "timestamps come from the frozen clock: \(first[2])")
            // Another seed gives other ids.
            #expect(try await server.admin(.post, "/_admin/seed", body: #"{"seed":7}"#).status == .ok)
            #expect(try await server.admin(.get, "/_admin/seed").json()["seed"] as? Int == 7)
            for bad in [#"{"seed":-1}"#, #"{"seed":"42"}"#, #"{"seed":18446744073709551616}"#, "[]"] {
                #expect(try await server.admin(.post, "/_admin/seed", body: bad).status == .badRequest, "\(bad)")
            }
            #expect(try await server.admin(.get, "/_admin/seed").json()["seed"] as? Int == 7, "a refused seed changes nothing")
        }
    }

    @Test func aResetOfOneCustomerOrPartnerLeavesTheOthersAlone() async throws {
        try await TestServer.run { server in
            let other = try await server.tokenForNewPartner(
                PartnerRecord(tenantID: "6a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d", name: "Other", mpnID: nil))
            let made = try await server.call(
                .post, "/v1/customers", token: other,
                body:
                    #"{"companyProfile":{"domain":"other-partner.onmicrosoft.com"},"billingProfile":{"email":"a@b.example","culture":"en-US","language":"en","companyName":"Other","defaultAddress":{"country":"US","city":"Redmond","state":"WA","addressLine1":"1 Way","postalCode":"98052"}}}"#
            ).json()
            let otherCustomer = try #require(made["id"] as? String)
            #expect(try await server.call(.post, Self.checkout).status == .created)
            let reset = try await server.admin(.post, "/_admin/reset", body: #"{"customerId":"\#(DemoData.customerID)","to":"empty"}"#)
            #expect(try reset.json()["reset"] as? String == "customer")
            #expect(try await server.call(.get, Self.customer).status == .ok, "the customer stays")
            #expect(try await server.call(.get, "\(Self.customer)/orders").json()["totalCount"] as? Int == 0)
            #expect(try await server.call(.get, "\(Self.customer)/subscriptions").json()["totalCount"] as? Int == 0)
            #expect(try await server.call(.get, "/v1/customers/\(otherCustomer)", token: other).status == .ok)
            // The demo partner emptied: its customer is gone, the other partner's stays.
            #expect(
                try await server.admin(.post, "/_admin/reset", body: #"{"partnerId":"\#(DemoData.partner.tenantID)","to":"empty"}"#).status == .ok)
            #expect(try await server.call(.get, "/v1/customers").json()["totalCount"] as? Int == 0)
            #expect(try await server.call(.get, "/v1/customers/\(otherCustomer)", token: other).status == .ok)
            // And back to the demo data.
            #expect(try await server.admin(.post, "/_admin/reset", body: #"{"partnerId":"\#(DemoData.partner.tenantID)"}"#).status == .ok)
            #expect(try await server.call(.get, "\(Self.customer)/carts/\(DemoData.cartID)").status == .ok)
            for bad in [
                #"{"to":"yesterday"}"#, #"{"customerId":"\#(DemoData.customerID)","clock":"2030-01-01T00:00:00Z"}"#, #"{"clock":"soon"}"#,
            ] {
                try await server.admin(.post, "/_admin/reset", body: bad).expectFault(.badRequest, code: 800002)
            }
            try await server.admin(.post, "/_admin/reset", body: #"{"customerId":"00000000-0000-0000-0000-000000000000"}"#).expectFault(
                .notFound, code: 1000)
        }
    }

    @Test(arguments: TestEngine.all) func aSnapshotRestoresWhatItTookAndAHostileOneWritesNothing(_ engine: TestEngine) async throws {
        // Fulfilment held off: the worker completing an order mid-test would change the store under the comparison.
        try await TestServer.run(engine: engine, configure: { $0.fulfilmentDelay = 3_600 }) { server in
            let placed = try await server.call(.post, Self.checkout)
            #expect(placed.status == .created)
            let ordersBefore = try await server.call(.get, "\(Self.customer)/orders").text
            let snapshot = try await server.admin(.get, "/_admin/snapshot")
            #expect(snapshot.status == .ok)
            let document = try snapshot.json()
            #expect(document["partnerId"] as? String == DemoData.partner.tenantID)
            #expect(((document["tables"] as? [String: Any])?["orders"] as? [Any])?.isEmpty == false)

            #expect(try await server.admin(.post, "/_admin/reset", body: #"{"to":"empty"}"#).status == .ok)
            #expect(try await server.call(.get, "/v1/customers").json()["totalCount"] as? Int == 0)
            let restored = try await server.admin(.post, "/_admin/snapshot", body: snapshot.text)
            #expect(restored.status == .ok, "\(restored.text)")
            #expect(try await server.call(.get, "\(Self.customer)/orders").text == ordersBefore)
            // The checkout replays its stored result after the restore: exactly once survives it.
            #expect(try await server.call(.post, Self.checkout).text == placed.text)

            let before = try await server.server.store.contents()
            let text = snapshot.text
            let hostile = [
                text.replacingOccurrences(of: #""format":1"#, with: #""format":2"#),
                text.replacingOccurrences(of: #""tables":{"#, with: #""tables":{"partners":[],"#),
                text.replacingOccurrences(of: #""position":0"#, with: #""position":"zero""#),
                text.replacingOccurrences(of: #""body":"{"#, with: #""body":"{not json"#),
                text.replacingOccurrences(of: #""created_at":"20"#, with: #""created_at":"yesterday 20"#),
                text.replacingOccurrences(of: #""partner_id":"\#(DemoData.partner.tenantID)""#, with: #""partner_id":"someone-else""#),
                // Rows that point at a customer the snapshot does not hold.
                text.replacingOccurrences(
                    of: #""customer_id":"\#(DemoData.customerID)""#, with: #""customer_id":"00000000-0000-0000-0000-000000000000""#),
                #"{"format":1,"partnerId":"\#(DemoData.partner.tenantID)","takenAt":"2026-01-01T00:00:00Z","tables":{"customers":[{"id":"x"}]}}"#,
            ]
            for document in hostile {
                let refused = try await server.admin(.post, "/_admin/snapshot", body: document)
                #expect(refused.status == .badRequest, "\(refused.text.prefix(300))")
            }
            #expect(try await server.server.store.contents() == before, "a refused restore wrote nothing")
        }
    }
}

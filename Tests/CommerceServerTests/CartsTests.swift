import CommerceCore
import CommerceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import PartnerCenterModels
import TestSupport
import Testing

/// Carts over HTTP (spec §2.1–2.3): server-filled fields, order groups, line-item errors, updates.
@Suite struct CartsTests {
    static let customer = "/v1/customers/\(DemoData.customerID)"

    /// The line items of a created cart, by id.
    static func lines(_ response: TestResponse) throws -> [Int: [String: Any]] {
        let items = try response.json()["lineItems"] as? [[String: Any]] ?? []
        return Dictionary(items.map { ($0["id"] as? Int ?? -1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    static func errorCode(_ line: [String: Any]?) -> Int? { (line?["error"] as? [String: Any])?["errorCode"] as? Int }

    @Test(arguments: TestEngine.all) func createFillsServerFieldsAndGroupsAsTheDocsShow(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            // The docs' create-cart example (spec §2.1): legacy, reservations, perpetual software, SaaS, trial.
            let body = """
                {"lineItems":[
                 {"id":0,"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly","termDuration":"P1Y"},
                 {"id":1,"catalogItemId":"DZH318Z0BQ36:004G:DZH318Z08C0S","quantity":1,"billingCycle":"one_time","termDuration":"P1Y",
                  "provisioningContext":{"subscriptionId":"1C461A25-F729-4FA5-AADB-280947DD05E8","scope":"shared"}},
                 {"id":3,"catalogItemId":"DG7GMGF0DWTL:0001:DG7GMGF0DSFM","quantity":1,"billingCycle":"one_time"},
                 {"id":4,"catalogItemId":"DZH318Z0BXWC:0002:DZH318Z0BMRV","quantity":1,"billingCycle":"monthly","termDuration":"P1M"},
                 {"id":5,"catalogItemId":"DZH318Z0C0WF:0001:DZH318Z0BP69","quantity":10,"billingCycle":"none","termDuration":"P1M",
                  "renewsTo":{"termDuration":"P1Y"}}]}
                """
            let created = try await server.call(.post, "\(Self.customer)/carts", body: body)
            #expect(created.status == .created, "\(created.text)")
            let cart = try created.json()
            let id = try #require(cart["id"] as? String)
            #expect(cart["status"] as? String == "Active")
            #expect(cart["lastModifiedUser"] as? String == DemoData.applicationID)
            #expect((cart["attributes"] as? [String: Any])?["objectType"] as? String == "Cart")
            #expect(
                ((cart["links"] as? [String: Any])?["self"] as? [String: Any])?["uri"] as? String == "/customers/\(DemoData.customerID)/carts/\(id)")
            let created7 = try #require((cart["creationTimestamp"] as? String).flatMap(WireDate.parse))
            let expires = try #require((cart["expirationTimestamp"] as? String).flatMap(WireDate.parse))
            #expect(expires.timeIntervalSince(created7) == 7 * 86_400)
            let lines = try Self.lines(created)
            #expect(lines.mapValues { $0["orderGroup"] as? String } == [0: "OMS-0", 1: "0", 3: "0", 4: "1", 5: "2"])
            #expect(lines.values.allSatisfy { $0["currencyCode"] as? String == "USD" && $0["error"] == nil }, "\(created.text)")
            #expect((lines[5]?["renewsTo"] as? [String: Any])?["termDuration"] as? String == "P1Y")
            #expect(try await server.call(.get, "\(Self.customer)/carts/\(id)").text == created.text, "what was created is what is read back")
        }
    }

    @Test(arguments: TestEngine.all) func dotNetPascalCaseCartWithNullsAndDefaultDates(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let body = """
                {"Id":null,"CreationTimestamp":null,"LastModifiedTimestamp":null,"ExpirationTimestamp":"0001-01-01T00:00:00","LastModifiedUser":null,
                 "Status":null,"PartnerOnRecordAttestationAccepted":null,"Links":null,"Attributes":{"ObjectType":"Cart"},
                 "LineItems":[{"Id":0,"CatalogItemId":"CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS","FriendlyName":null,"Quantity":1,"CurrencyCode":null,
                   "BillingCycle":"Monthly","TermDuration":"P1M","Participants":null,"ProvisioningContext":null,"OrderGroup":"99","AddonItems":null,
                   "RenewsTo":null,"Error":null,"PromotionId":null,"CustomTermEndDate":null,"AttestationAccepted":null,"PurchaseSystem":null}]}
                """
            let created = try await server.call(.post, "\(Self.customer)/carts", body: body)
            #expect(created.status == .created, "\(created.text)")
            let cart = try created.json()
            #expect((cart["expirationTimestamp"] as? String)?.hasPrefix("0001") == false, "server-owned fields are the server's")
            let line = try #require(Self.lines(created)[0])
            #expect(line["billingCycle"] as? String == "monthly")
            #expect(line["orderGroup"] as? String == "0")
            #expect(line["provisioningContext"] as? [String: String] == [:])
            #expect(line["error"] == nil)
        }
    }

    @Test(arguments: TestEngine.all) func lineItemProblemsComeBackAsCartErrors(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let body = """
                {"lineItems":[
                 {"id":0,"catalogItemId":"NOPE:0001:NOPE","quantity":1,"billingCycle":"monthly"},
                 {"id":1,"catalogItemId":"CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS","quantity":0,"billingCycle":"monthly","termDuration":"P1M"},
                 {"id":2,"catalogItemId":"CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS","quantity":1,"billingCycle":"biennial","termDuration":"P1M"},
                 {"id":3,"catalogItemId":"CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS","quantity":1,"billingCycle":"annual","termDuration":"P1M"},
                 {"id":4,"catalogItemId":"DZH318Z0BQ36:004G:DZH318Z08C0S","quantity":1,"billingCycle":"one_time","termDuration":"P1Y"},
                 {"id":5,"catalogItemId":"DZH318Z0BQ36:004G:DZH318Z08C0S","quantity":1,"billingCycle":"one_time","termDuration":"P1Y",
                  "provisioningContext":{"SubscriptionId":"00000000-0000-0000-0000-000000000009","Scope":"shared"}},
                 {"id":6,"catalogItemId":"CFQ7TTC0HHS9:0001:CFQ7TTC0HHSB","quantity":1,"billingCycle":"monthly","termDuration":"P1M"},
                 {"id":7,"catalogItemId":"CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS","quantity":1,"billingCycle":"monthly","termDuration":"P1M","promotionId":"39NFJQT1PJQB:0001:39NFJQT1Q5KN"},
                 {"id":8,"catalogItemId":"CFQ7TTC0LHWP:0001:CFQ7TTC0LHWQ","quantity":1,"billingCycle":"monthly","termDuration":"P1M"},
                 {"id":9,"catalogItemId":"CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS","quantity":1,"billingCycle":"monthly"},
                 {"id":10,"catalogItemId":"CFQ7TTC0HHS9:0001:CFQ7TTC0HHSB","quantity":1,"billingCycle":"monthly","termDuration":"P1M","attestationAccepted":true}]}
                """
            let created = try await server.call(.post, "\(Self.customer)/carts", body: body)
            #expect(created.status == .created, "line problems do not fail the call: \(created.text)")
            let lines = try Self.lines(created)
            #expect(Self.errorCode(lines[0]) == 10001, "unknown catalog item")
            #expect(Self.errorCode(lines[1]) == 10010, "quantity under the minimum")
            #expect(Self.errorCode(lines[2]) == 10013, "billing cycle not offered")
            #expect(Self.errorCode(lines[3]) == 10010, "term not offered with that billing cycle")
            #expect(Self.errorCode(lines[4]) == 10010, "reservation without subscriptionId and scope")
            #expect(Self.errorCode(lines[5]) == 10007, "reservation for a subscription the customer does not own")
            #expect(Self.errorCode(lines[6]) == 10012, "attestation required")
            #expect(Self.errorCode(lines[7]) == 10014, "invalid promotion")
            #expect(Self.errorCode(lines[8]) == 10010, "add-on without a parent")
            #expect(Self.errorCode(lines[9]) == 10010, "termDuration missing")
            #expect(lines[10]?["error"] == nil, "accepted attestation: \(lines[10] ?? [:])")
            let description = (lines[4]?["error"] as? [String: Any])?["errorDescription"] as? String
            #expect(description?.contains("provisioningContext") == true)
        }
    }

    @Test(arguments: TestEngine.all) func addOnsShareTheirParentsGroupAndIdsAreAssigned(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let body = """
                {"lineItems":[{"catalogItemId":"CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P","quantity":5,"billingCycle":"monthly","termDuration":"P1M",
                  "addonItems":[{"catalogItemId":"CFQ7TTC0LHWP:0001:CFQ7TTC0LHWQ","quantity":5,"billingCycle":"monthly","termDuration":"P1M"}]},
                 {"id":"7","catalogItemId":"DZH318Z0BXWC:0002:DZH318Z0BMRV","quantity":1,"billingCycle":"monthly","termDuration":"P1M"}]}
                """
            let created = try await server.call(.post, "\(Self.customer)/carts", body: body)
            let items = try created.json()["lineItems"] as? [[String: Any]] ?? []
            let addOn = try #require((items.first?["addonItems"] as? [[String: Any]])?.first)
            #expect(items.first?["error"] == nil && addOn["error"] == nil, "\(created.text)")
            #expect(addOn["orderGroup"] as? String == items.first?["orderGroup"] as? String)
            #expect(items.last?["id"] as? Int == 7)
            #expect(Set([items.first?["id"] as? Int, addOn["id"] as? Int, 7]).count == 3, "ids are unique across add-ons")
            #expect(items.last?["orderGroup"] as? String != items.first?["orderGroup"] as? String, "SaaS and new commerce are ordered apart")
        }
    }

    @Test(arguments: TestEngine.all) func badCartsAreRefusedAndWriteNothing(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            try await server.call(.post, "\(Self.customer)/carts", body: #"{"lineItems":[]}"#).expectFault(.badRequest, code: 3000)
            try await server.call(.post, "\(Self.customer)/carts", body: #"{"lineItems":[{"quantity":"many"}]}"#).expectFault(.badRequest, code: 3000)
            try await server.call(.post, "\(Self.customer)/carts", body: "{").expectFault(.badRequest, code: 800002)
            try await server.call(.post, "/v1/customers/00000000-0000-0000-0000-000000000001/carts", body: #"{"lineItems":[{}]}"#)
                .expectFault(.notFound, code: 60003)
            try await server.call(.get, "\(Self.customer)/carts/00000000-0000-0000-0000-000000000002").expectFault(.notFound, code: 800008)
            try await server.call(.get, "\(Self.customer)/carts/not-a-guid").expectFault(.notFound, code: 800008)
        }
    }

    @Test(arguments: TestEngine.all) func updateReplacesLinesAndRecomputesGroups(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let first = try await server.call(
                .post, "\(Self.customer)/carts", body: #"{"lineItems":[{"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly"}]}"#)
            let id = try #require(try first.json()["id"] as? String)
            let replaced = try await server.call(
                .put, "\(Self.customer)/carts/\(id)",
                body:
                    #"{"LineItems":[{"CatalogItemId":"CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS","Quantity":2,"BillingCycle":"Annual","TermDuration":"P1Y","OrderGroup":"OMS-9"}]}"#
            )
            #expect(replaced.status == .created, "\(replaced.text)")
            let items = try replaced.json()["lineItems"] as? [[String: Any]] ?? []
            #expect(items.count == 1)
            #expect(items.first?["orderGroup"] as? String == "0")
            #expect(try replaced.json()["creationTimestamp"] as? String == (try first.json()["creationTimestamp"] as? String))
            try await server.call(
                .put, "\(Self.customer)/carts/00000000-0000-0000-0000-000000000003",
                body: #"{"lineItems":[{"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly"}]}"#
            )
            .expectFault(.notFound, code: 800008)
        }
    }

    @Test(arguments: TestEngine.all) func anotherCustomersCartIsNotFound(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let other = try await server.call(.post, "/v1/customers", body: CustomersTests.body(domain: "other.onmicrosoft.com"))
            let otherID = try #require(try other.json()["id"] as? String)
            try await server.call(.get, "/v1/customers/\(otherID)/carts/\(DemoData.cartID)").expectFault(.notFound, code: 800008)
            try await server.call(.post, "/v1/customers/\(otherID)/carts/\(DemoData.cartID)/checkout").expectFault(.notFound, code: 800008)
        }
    }
}

import AsyncHTTPClient
import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import PartnerCenterModels
import Synchronization
import TestSupport
import Testing

/// Checkout (spec §2.4, §5; ARCHITECTURE decision 1): the docs' example, exactly once, partial failure.
@Suite struct CheckoutTests {
    static let customer = "/v1/customers/\(DemoData.customerID)"
    static let demoCheckout = "\(customer)/carts/\(DemoData.cartID)/checkout"

    /// The seeds' response example, field by field, ids and dates aside (../shared/seeds).
    struct ExpectedOrder {
        var billingCycle: String
        var status: String
        var lines: [(offerId: String, termDuration: String?, friendlyName: String)]
        var hasSubscription: Bool
    }

    static let seedResponse = [
        ExpectedOrder(billingCycle: "monthly", status: "completed", lines: [("MS-AZR-0145P", "P1Y", "Microsoft Azure")], hasSubscription: true),
        ExpectedOrder(
            billingCycle: "one_time", status: "pending",
            lines: [
                ("DZH318Z0BQ36:004G:DZH318Z08C0S", "P1Y", "Reserved VM Instance, Standard_NV12, US East 2, 1 Year"),
                ("DZH318Z0BQ36:004J:DZH318Z08B8X", "P3Y", "Reserved VM Instance, Standard_NV12, US East 2, 3 Years"),
                ("DG7GMGF0DWM3:0002:DG7GMGF0DT1M", nil, "BizTalk Server 2016 Branch"),
            ],
            hasSubscription: false
        ),
        ExpectedOrder(
            billingCycle: "monthly", status: "pending", lines: [("DZH318Z0BXWC:0002:DZH318Z0BMRV", "P1M", "Barracuda WaaS - Medium Plan")],
            hasSubscription: false),
    ]

    @Test(arguments: TestEngine.all) func theDocsRequestGivesTheDocsResponse(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            // The seed's request, headers and all: no body, Content-Length 0, the .NET SDK's client header.
            let response = try await server.call(
                .post, Self.demoCheckout,
                headers: [
                    .accept: "application/json", .msRequestID: "4fa6dad6-a89f-4875-8247-8294a10ae1cf",
                    .msCorrelationID: "0e93c70c-977a-4a88-9580-7cf084c73286", .xLocale: "en-US",
                    HTTPField.Name("MS-PartnerCenter-Client")!: "Partner Center .NET SDK", .contentType: "application/json",
                ]
            )
            #expect(response.status == .created, "\(response.text)")
            #expect(response.headers[.msRequestID] == "4fa6dad6-a89f-4875-8247-8294a10ae1cf")
            #expect(response.headers[.msCorrelationID] == "0e93c70c-977a-4a88-9580-7cf084c73286")
            let result = try response.json()
            #expect((result["attributes"] as? [String: Any])?["objectType"] as? String == "CartCheckoutResult")
            #expect((result["orderErrors"] as? [Any])?.isEmpty == true)
            let orders = result["orders"] as? [[String: Any]] ?? []
            try #require(orders.count == 3, "\(response.text)")
            for (order, expected) in zip(orders, Self.seedResponse) {
                #expect(order["billingCycle"] as? String == expected.billingCycle)
                #expect(order["status"] as? String == expected.status)
                #expect(order["currencyCode"] as? String == "USD")
                #expect(order["referenceCustomerId"] as? String == DemoData.customerID)
                #expect(order["transactionType"] as? String == "UserPurchase")
                #expect(order["creationDate"] is String)
                let lines = order["lineItems"] as? [[String: Any]] ?? []
                #expect(lines.count == expected.lines.count)
                for (number, (line, want)) in zip(lines, expected.lines).enumerated() {
                    #expect(line["lineItemNumber"] as? Int == number)
                    #expect(line["offerId"] as? String == want.offerId)
                    #expect(line["termDuration"] as? String == want.termDuration)
                    #expect(line["friendlyName"] as? String == want.friendlyName)
                    #expect(line["transactionType"] as? String == "New")
                    #expect(line["quantity"] as? Int == 1)
                    #expect((line["subscriptionId"] != nil) == expected.hasSubscription)
                }
            }
            // Order id formats of the docs: a GUID equal to alternateId for legacy; a 33-character URL-safe
            // token with a 12-hex alternateId for the modern catalog.
            let legacyID = try #require(orders[0]["id"] as? String)
            #expect(UUID(uuidString: legacyID) != nil && orders[0]["alternateId"] as? String == legacyID)
            for order in orders.dropFirst() {
                let id = try #require(order["id"] as? String)
                #expect(id.count == 33 && id.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
                let alternate = try #require(order["alternateId"] as? String)
                #expect(alternate.count == 12 && alternate.allSatisfy(\.isHexDigit))
                #expect(order["currencySymbol"] as? String == "$")
            }
            let cart = try await server.call(.get, "\(Self.customer)/carts/\(DemoData.cartID)").json()
            #expect(cart["status"] as? String == "Ordered")
        }
    }

    static let checkoutBodies = ["", "\"success\"", #"{"lineItems":[{"catalogItemId":"x"}]}"#, "not json at all"]

    @Test(arguments: TestEngine.all, checkoutBodies)
    func anyBodyIsAcceptedAndIgnored(_ engine: TestEngine, _ body: String) async throws {
        try await TestServer.run(engine: engine) { server in
            let response = try await server.call(.post, Self.demoCheckout, body: body)
            #expect(response.status == .created, "\(response.text)")
        }
    }

    @Test(arguments: TestEngine.all) func aRepeatCheckoutIsByteIdentical(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let first = try await server.call(.post, Self.demoCheckout)
            #expect(first.status == .created)
            try await Task.sleep(for: .milliseconds(20))
            let second = try await server.call(.post, Self.demoCheckout, body: "\"success\"")
            #expect(second.status == .created)
            #expect(second.text == first.text)
            #expect(try await server.server.store.orderCount(cartID: DemoData.cartID) == 3)
        }
    }

    @Test(arguments: TestEngine.all) func fiftyConcurrentCheckoutsMakeOneSetOfOrders(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let port = try #require(server.client.port)
            var configuration = HTTPClient.Configuration()
            configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 50)
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            let answers = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(Self.demoCheckout)")
                        request.method = .POST
                        request.headers.add(name: "Authorization", value: "Bearer \(server.token)")
                        let response = try await http.execute(request, timeout: .seconds(60))
                        let body = try await response.body.collect(upTo: 1 << 20)
                        return (Int(response.status.code), String(buffer: body))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            try await http.shutdown()
            // Concurrent checkouts of one cart wait for the first and answer its result (docs/wire.md, "Checkout, exactly
            // once"): every caller learns the truth, none gets 409 / 800064 for a checkout that succeeded.
            #expect(answers.allSatisfy { $0.0 == 201 }, "\(answers.filter { $0.0 != 201 })")
            #expect(Set(answers.map(\.1)).count == 1, "every answer carries the one result")
            #expect(try await server.server.store.orderCount(cartID: DemoData.cartID) == 3)
            let orders = try await server.call(.get, "\(Self.customer)/orders").json()
            #expect(orders["totalCount"] as? Int == 3)
        }
    }

    /// Fails the first placement of one order group, then lets it through.
    final class FailOnce: PlacementFaults {
        let group: String
        let failed = Mutex(false)
        init(group: String) { self.group = group }
        func failure(cartID: String, orderGroup: String, lines: [CartLineItem]) -> OrderError? {
            guard orderGroup == group else { return nil }
            let first = failed.withLock { done in
                defer { done = true }
                return !done
            }
            return first ? OrderError(orderGroupId: orderGroup, code: 800017, description: "Quantity not available for the catalog item.") : nil
        }
    }

    @Test(arguments: TestEngine.all) func partialFailureThenRetryPlacesOnlyWhatFailed(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine, configure: { $0.placementFaults = FailOnce(group: "1") }) { server in
            let first = try await server.call(.post, Self.demoCheckout).json()
            let firstOrders = first["orders"] as? [[String: Any]] ?? []
            let errors = first["orderErrors"] as? [[String: Any]] ?? []
            #expect(firstOrders.count == 2)
            #expect(errors.count == 1)
            #expect(errors.first?["orderGroupId"] as? String == "1")
            #expect(errors.first?["code"] as? Int == 800017)
            #expect(try await server.call(.get, "\(Self.customer)/carts/\(DemoData.cartID)").json()["status"] as? String == "Active")
            #expect(try await server.server.store.orderCount(cartID: DemoData.cartID) == 2)
            try await server.call(
                .put, "\(Self.customer)/carts/\(DemoData.cartID)",
                body: #"{"lineItems":[{"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly"}]}"#
            )
            .expectFault(.badRequest, code: 800065)

            let retry = try await server.call(.post, Self.demoCheckout)
            let retryOrders = try retry.json()["orders"] as? [[String: Any]] ?? []
            #expect(retryOrders.count == 3)
            #expect((try retry.json()["orderErrors"] as? [Any])?.isEmpty == true)
            let firstIDs = firstOrders.compactMap { $0["id"] as? String }
            #expect(Array(retryOrders.compactMap { $0["id"] as? String }.prefix(2)) == firstIDs, "placed orders are kept, not placed again")
            #expect(try await server.server.store.orderCount(cartID: DemoData.cartID) == 3)
            #expect(try await server.call(.get, "\(Self.customer)/carts/\(DemoData.cartID)").json()["status"] as? String == "Ordered")
            #expect(try await server.call(.post, Self.demoCheckout).text == retry.text)
        }
    }

    @Test(arguments: TestEngine.all) func aCartWithLineErrorsIsRefusedAndNothingIsPlaced(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let created = try await server.call(
                .post, "\(Self.customer)/carts", body: #"{"lineItems":[{"catalogItemId":"NOPE","quantity":1,"billingCycle":"monthly"}]}"#)
            let id = try #require(try created.json()["id"] as? String)
            let fault = try await server.call(.post, "\(Self.customer)/carts/\(id)/checkout").expectFault(.badRequest, code: 800009)
            #expect((fault["data"] as? [String])?.first?.contains("line item 0") == true)
            #expect(try await server.server.store.orderCount(cartID: id) == 0)
            #expect(try await server.call(.get, "\(Self.customer)/carts/\(id)").json()["status"] as? String == "Active")
        }
    }

    @Test(arguments: TestEngine.all) func orderedCartsCannotChangeAndUnknownCartsAreNotFound(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            #expect(try await server.call(.post, Self.demoCheckout).status == .created)
            try await server.call(
                .put, "\(Self.customer)/carts/\(DemoData.cartID)",
                body: #"{"lineItems":[{"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly"}]}"#
            )
            .expectFault(.badRequest, code: 800065)
            try await server.call(.post, "\(Self.customer)/carts/00000000-0000-0000-0000-000000000004/checkout").expectFault(.notFound, code: 800008)
        }
    }

    @Test(arguments: TestEngine.all) func theCustomerUserUPNIsRecordedOnTheOrders(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let result = try await server.call(.post, Self.demoCheckout, headers: [.customerUserUPN: "avery@wingtiptoysdemo.onmicrosoft.com"]).json()
            let ids = (result["orders"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(ids.count == 3)
            for id in ids {
                #expect(try await server.server.store.customerUserUPN(orderID: id) == "avery@wingtiptoysdemo.onmicrosoft.com")
            }
        }
    }

    @Test(arguments: TestEngine.all) func expiryFollowsTheClock(_ engine: TestEngine) async throws {
        let clock = ManualClock(Date())
        try await TestServer.run(
            engine: engine, clock: clock,
            configure: {
                $0.maintenanceInterval = 0.05
                $0.expiredCartRetention = 86_400
            }
        ) { server in
            // A token that outlives the clock's jumps.
            let token = try await server.server.tokens.mint(
                partnerTenantID: DemoData.partner.tenantID, applicationID: DemoData.applicationID, objectID: DemoData.applicationID,
                lifetime: 30 * 86_400
            )
            let body = #"{"lineItems":[{"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly"}]}"#
            let created = try await server.call(.post, "\(Self.customer)/carts", token: token, body: body)
            let id = try #require(try created.json()["id"] as? String)
            clock.advance(by: 7 * 86_400 - 1)
            let stillThere = try await server.call(.get, "\(Self.customer)/carts/\(id)", token: token)
            #expect(stillThere.status == .ok)
            clock.advance(by: 2)
            try await server.call(.get, "\(Self.customer)/carts/\(id)", token: token).expectFault(.notFound, code: 800008)
            try await server.call(.put, "\(Self.customer)/carts/\(id)", token: token, body: body).expectFault(.notFound, code: 800008)
            try await server.call(.post, "\(Self.customer)/carts/\(id)/checkout", token: token).expectFault(.notFound, code: 800008)
            #expect(try await server.server.store.orderCount(cartID: id) == 0)
            // Still stored until the retention passes, then purged by the maintenance service.
            #expect(try await server.server.store.cart(id: id, partnerID: DemoData.partner.tenantID, customerID: DemoData.customerID) != nil)
            clock.advance(by: 86_400)
            try await eventually {
                try await server.server.store.cart(id: id, partnerID: DemoData.partner.tenantID, customerID: DemoData.customerID) == nil
            }
        }
    }
}

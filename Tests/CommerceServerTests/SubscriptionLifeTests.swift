import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import PartnerCenterModels
import TestSupport
import Testing

/// A subscription's life after checkout (issue 14): PATCH and its windows, etags, and renewal or expiry at term
/// end, all driven by the server's clock moved through `/_admin/clock`.
@Suite struct SubscriptionLifeTests {
    static let customer = "/v1/customers/\(DemoData.customerID)"
    static let licence = "CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P"

    /// A server on a frozen travelling clock, fulfilling at once, its maintenance pass every 50 ms.
    static func run(
        engine: TestEngine = .sqlite, folder: String? = nil,
        configure: (inout ServerConfiguration) -> Void = {
            $0.fulfilmentDelay = 0
            $0.fulfilmentPollInterval = 0.02
            $0.maintenanceInterval = 0.05
        },
        _ body: @Sendable (TestServer, Life) async throws -> Void
    ) async throws {
        try await TestServer.run(engine: engine, clock: TravellingClock(), folder: folder, configure: configure) { server in
            // A second node of the same store made no admin key; it is driven through the first.
            let life = Life(server: server, key: server.server.newAdminKey ?? "")
            if folder == nil { try await life.standStill() }
            try await body(server, life)
        }
    }

    /// Calls with a token minted at the server's current time (the clock jumps past any token's life).
    struct Life: Sendable {
        let server: TestServer
        let key: String

        func clock(_ body: String) async throws -> TestResponse {
            try await server.call(.post, "/_admin/clock", token: nil, body: body, headers: [.authorization: "Bearer \(key)"])
        }

        /// Stops the clock at one fixed instant, the 3rd of a month: term ends then fall on the same day of every
        /// month, so the expected dates do not depend on the day the tests run (a term from the 31st ends short).
        func standStill() async throws {
            let moved = try await clock(#"{"set":"2030-03-03T10:00:00Z"}"#)
            #expect(moved.status == .ok, "\(moved.text)")
            #expect(try await clock(#"{"freeze":true}"#).status == .ok)
        }

        func advance(_ duration: String) async throws {
            let moved = try await clock(#"{"advance":"\#(duration)"}"#)
            #expect(moved.status == .ok, "\(moved.text)")
        }

        func call(_ method: HTTPRequest.Method, _ uri: String, body: String? = nil, headers: HTTPFields = [:]) async throws -> TestResponse {
            let token = try await server.server.tokens.mint(
                partnerTenantID: DemoData.partner.tenantID, applicationID: DemoData.applicationID, objectID: DemoData.applicationID
            )
            return try await server.call(method, uri, token: token, body: body, headers: headers)
        }

        /// Buys `quantity` seats of the monthly licence; returns its subscription once fulfilment made it.
        func buy(quantity: Int = 3) async throws -> [String: Any] {
            let body = #"{"lineItems":[{"catalogItemId":"\#(licence)","quantity":\#(quantity),"billingCycle":"monthly","termDuration":"P1M"}]}"#
            let cart = try await call(.post, "\(customer)/carts", body: body)
            let cartID = try #require(try cart.json()["id"] as? String, "\(cart.text)")
            let result = try await call(.post, "\(customer)/carts/\(cartID)/checkout").json()
            let orderID = try #require((result["orders"] as? [[String: Any]])?.first?["id"] as? String)
            var found: [String: Any]?
            try await eventually {
                found = (try await call(.get, "\(customer)/subscriptions?order_id=\(orderID)").json()["items"] as? [[String: Any]])?.first
                return found != nil
            }
            return try #require(found)
        }

        func get(_ id: String, of owner: String = customer) async throws -> [String: Any] {
            try await call(.get, "\(owner)/subscriptions/\(id)").json()
        }

        /// PATCHes the subscription as read with `changes` applied.
        func patch(_ id: String, _ changes: [String: Any], etag: String? = nil, requestID: String? = nil, of owner: String = customer)
            async throws -> TestResponse
        {
            var body = try await get(id, of: owner)
            for (key, value) in changes { body[key] = value }
            if let etag { body["attributes"] = ["objectType": "Subscription", "etag": etag] }
            let text = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
            var headers: HTTPFields = [:]
            if let requestID { headers[.msRequestID] = requestID }
            return try await call(.patch, "\(owner)/subscriptions/\(id)", body: text, headers: headers)
        }
    }

    static func etag(_ subscription: [String: Any]) -> String? { (subscription["attributes"] as? [String: Any])?["etag"] as? String }

    @Test(arguments: TestEngine.all) func aSubscriptionIsCancelledOnDaySixAndRefusedOnDayEight(_ engine: TestEngine) async throws {
        try await Self.run(engine: engine) { _, life in
            let early = try await life.buy()
            let late = try await life.buy()
            let earlyID = try #require(early["id"] as? String)
            let lateID = try #require(late["id"] as? String)
            #expect((early["refundOptions"] as? [[String: Any]])?.first?["type"] as? String == "Full")
            #expect((early["refundableQuantity"] as? [String: Any])?["totalQuantity"] as? Int == 3)

            try await life.advance("P6D")
            let cancelled = try await life.patch(earlyID, ["status": "deleted"])
            #expect(cancelled.status == .ok, "\(cancelled.text)")
            let body = try cancelled.json()
            #expect(body["status"] as? String == "deleted")
            #expect(body["autoRenewEnabled"] as? Bool == false)
            #expect(body["refundOptions"] == nil)
            // An ended subscription cannot be changed again.
            try await life.patch(earlyID, ["status": "active"]).expectFault(.badRequest, code: 2011)

            try await life.advance("P2D")
            #expect((try await life.get(lateID))["refundOptions"] == nil, "the window has closed")
            try await life.patch(lateID, ["status": "deleted"]).expectFault(.badRequest, code: 800091)
            #expect((try await life.get(lateID))["status"] as? String == "active")
        }
    }

    @Test(arguments: TestEngine.all) func seatsGoUpAnyTimeAndDownOnlyInsideTheirWindow(_ engine: TestEngine) async throws {
        try await Self.run(engine: engine) { _, life in
            let id = try #require(try await life.buy(quantity: 3)["id"] as? String)
            try await life.advance("P2D")
            let more = try await life.patch(id, ["quantity": 5]).json()
            #expect(more["quantity"] as? Int == 5)
            let refundable = try #require(more["refundableQuantity"] as? [String: Any])
            #expect(refundable["totalQuantity"] as? Int == 5)
            #expect((refundable["details"] as? [[String: Any]])?.count == 2, "the increase has a window of its own")
            #expect(try await life.patch(id, ["quantity": 2]).json()["quantity"] as? Int == 2)

            // Day 10: the purchase's window closed on day 7, the increase's on day 9.
            try await life.advance("P8D")
            try await life.patch(id, ["quantity": 1]).expectFault(.badRequest, code: 800090)
            #expect((try await life.get(id))["quantity"] as? Int == 2)
            #expect(try await life.patch(id, ["quantity": 4]).json()["quantity"] as? Int == 4)
            try await life.patch(id, ["quantity": 0]).expectFault(.badRequest, code: 2002)
            // Suspended: no seat changes; active again: allowed.
            #expect(try await life.patch(id, ["status": "suspended"]).json()["suspensionReasons"] as? [String] == ["PartnerInitiated"])
            try await life.patch(id, ["quantity": 6]).expectFault(.badRequest, code: 2001)
            #expect(try await life.patch(id, ["status": "active"]).json()["status"] as? String == "active")
        }
    }

    @Test(arguments: TestEngine.all) func aMonthlySubscriptionRenewsTwelveTimesInAYearAndOneWithoutAutoRenewExpires(_ engine: TestEngine) async throws
    {
        try await Self.run(engine: engine) { server, life in
            let renewing = try await life.buy()
            let ending = try await life.buy()
            let renewingID = try #require(renewing["id"] as? String)
            let endingID = try #require(ending["id"] as? String)
            #expect(renewing["autoRenewEnabled"] as? Bool == true)
            #expect(try await life.patch(endingID, ["autoRenewEnabled": false]).json()["autoRenewEnabled"] as? Bool == false)
            let start = try #require((renewing["effectiveStartDate"] as? String).flatMap(WireDate.parse))

            try await life.advance("P366D")
            let renewed = try await life.get(renewingID)
            #expect(renewed["status"] as? String == "active")
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            #expect((renewed["commitmentEndDate"] as? String).flatMap(WireDate.parse) == calendar.date(byAdding: .month, value: 13, to: start))
            #expect((renewed["effectiveStartDate"] as? String).flatMap(WireDate.parse) == calendar.date(byAdding: .month, value: 12, to: start))
            let expired = try await life.get(endingID)
            #expect(expired["status"] as? String == "expired")
            #expect(expired["autoRenewEnabled"] as? Bool == false)

            // The maintenance pass stores what the reads showed, each term end once.
            try await eventually { try await server.server.store.subscriptionEvents(id: renewingID).count == 12 }
            try await eventually { try await server.server.store.subscriptionEvents(id: endingID).count == 1 }
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await server.server.store.subscriptionEvents(id: renewingID).allSatisfy { $0.kind == "renewed" })
            #expect(try await server.server.store.subscriptionEvents(id: renewingID).count == 12)
            #expect(try await server.server.store.subscriptionEvents(id: endingID).map(\.kind) == ["expired"])
            #expect(try await life.get(renewingID)["commitmentEndDate"] as? String == renewed["commitmentEndDate"] as? String)
        }
    }

    @Test func scheduledNextTermInstructionsApplyAtRenewalAndAreCleared() async throws {
        try await Self.run { _, life in
            let id = try #require(try await life.buy(quantity: 3)["id"] as? String)
            let instructions: [String: Any] = [
                "product": [
                    "productId": "CFQ7TTC0LH0Z", "skuId": "0001", "availabilityId": "CFQ7TTC0K18P", "billingCycle": "monthly", "termDuration": "P1M",
                ],
                "quantity": 7,
            ]
            let scheduled = try await life.patch(id, ["scheduledNextTermInstructions": instructions]).json()
            #expect((scheduled["scheduledNextTermInstructions"] as? [String: Any])?["quantity"] as? Int == 7)
            #expect(scheduled["quantity"] as? Int == 3, "only at the renewal")
            try await life.patch(id, ["scheduledNextTermInstructions": ["quantity": 0]]).expectFault(.badRequest, code: 2002)
            try await life.patch(id, ["scheduledNextTermInstructions": ["product": ["productId": "NOPE", "skuId": "1", "availabilityId": "2"]]])
                .expectFault(.badRequest, code: 800004)

            try await life.advance("P32D")
            let renewed = try await life.get(id)
            #expect(renewed["quantity"] as? Int == 7)
            #expect(renewed["scheduledNextTermInstructions"] == nil)
            // Day 32: the new term began on day 30 (or 31), and its own window is open.
            #expect((renewed["refundableQuantity"] as? [String: Any])?["totalQuantity"] as? Int == 7)
            #expect(renewed["refundOptions"] != nil)
        }
    }

    @Test(arguments: TestEngine.all) func aStaleEtagIs2055AndChangesNothing(_ engine: TestEngine) async throws {
        try await Self.run(engine: engine) { _, life in
            let bought = try await life.buy()
            let id = try #require(bought["id"] as? String)
            let first = try #require(Self.etag(bought))
            let renamed = try await life.patch(id, ["friendlyName": "Sales team"], etag: first).json()
            #expect(renamed["friendlyName"] as? String == "Sales team")
            let second = try #require(Self.etag(renamed))
            #expect(second != first)
            #expect(Self.etag(try await life.get(id)) == second, "a read shows the stored etag")
            try await life.patch(id, ["friendlyName": "Stale"], etag: first).expectFault(.conflict, code: 2055)
            #expect((try await life.get(id))["friendlyName"] as? String == "Sales team")
            // Sent as read, nothing changes and the etag stays.
            #expect(Self.etag(try await life.patch(id, [:]).json()) == second)
        }
    }

    @Test func refusalsAreApiFaultsAndChangeNothing() async throws {
        try await Self.run { server, life in
            let id = try #require(try await life.buy()["id"] as? String)
            let before = try await server.server.store.contents()
            try await life.patch(id, ["status": "expired"]).expectFault(.badRequest, code: 3000)
            try await life.patch(id, ["billingCycle": "annual"]).expectFault(.badRequest, code: 2054)
            try await life.patch(id, ["offerId": "CFQ7TTC0LH0Z:0002"]).expectFault(.badRequest, code: 3000)
            try await life.patch(id, ["friendlyName": String(repeating: "x", count: 129)]).expectFault(.badRequest, code: 3000)
            try await life.patch(id, ["quantity": 1_000_000]).expectFault(.badRequest, code: 2002)
            for body in ["", "[]", "nonsense", #"{"quantity":"many"}"#, #"{"status":5}"#] {
                let answer = try await life.call(.patch, "\(Self.customer)/subscriptions/\(id)", body: body)
                #expect(answer.status == .badRequest, "\(body) → \(answer.status) \(answer.text)")
                _ = try answer.json()
            }
            try await life.call(.patch, "\(Self.customer)/subscriptions/00000000-0000-0000-0000-000000000001", body: "{}")
                .expectFault(.notFound, code: 20003)
            try await life.call(.patch, "\(Self.customer)/subscriptions/\(String(repeating: "x", count: 65))", body: "{}")
                .expectFault(.notFound, code: 20003)
            // The demo customer's Azure plan has no window: it cannot be cancelled, only suspended.
            try await life.patch(DemoData.azureSubscriptionID, ["status": "deleted"]).expectFault(.badRequest, code: 3000)
            try await life.patch(DemoData.azureSubscriptionID, ["quantity": 2]).expectFault(.forbidden, code: 800027)
            #expect(try await server.server.store.contents() == before)
        }
    }

    @Test func aRepeatedRequestIdReplaysThePatch() async throws {
        try await Self.run { _, life in
            let id = try #require(try await life.buy(quantity: 3)["id"] as? String)
            // One body, with the etag it was read with: run a second time, it would be refused as stale (2055).
            var read = try await life.get(id)
            read["quantity"] = 4
            let body = String(decoding: try JSONSerialization.data(withJSONObject: read), as: UTF8.self)
            let requestID = UUID().uuidString
            let path = "\(Self.customer)/subscriptions/\(id)"
            let first = try await life.call(.patch, path, body: body, headers: [.msRequestID: requestID])
            #expect(first.status == .ok, "\(first.text)")
            let again = try await life.call(.patch, path, body: body, headers: [.msRequestID: requestID])
            #expect(again.status == .ok)
            #expect(again.text == first.text, "the first answer, replayed")
            #expect(again.headers[HTTPField.Name("MS-Idempotent-Replay")!] == "true")
            #expect((try await life.get(id))["quantity"] as? Int == 4)
        }
    }

    @Test func provisioningStatusAndTheNewFields() async throws {
        try await Self.run { _, life in
            let bought = try await life.buy()
            let id = try #require(bought["id"] as? String)
            #expect((bought["productType"] as? [String: Any])?["id"] as? String == "OnlineServices")
            #expect(bought["billingCycleEndDate"] is String)
            #expect(bought["renewalTermDuration"] == nil || bought["renewalTermDuration"] is String)
            #expect(bought["hasPurchasableAddons"] is Bool)
            let status = try await life.call(.get, "\(Self.customer)/subscriptions/\(id)/provisioningstatus").json()
            #expect(status["status"] as? String == "success")
            #expect(status["skuId"] as? String == "0001")
            #expect(status["quantity"] as? Int == 3)
        }
    }

    /// Two nodes sharing one store both run the maintenance pass: each term end is recorded once.
    @Test(arguments: TestEngine.all) func twoNodesRenewEachTermOnce(_ engine: TestEngine) async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await Self.run(engine: engine, folder: folder) { first, life in
            try await life.standStill()
            let id = try #require(try await life.buy()["id"] as? String)
            try await Self.run(engine: engine, folder: folder) { second, _ in
                try await life.advance("P366D")
                try await eventually(within: 20) { try await first.server.store.subscriptionEvents(id: id).count == 12 }
                try await Task.sleep(for: .milliseconds(300))
                #expect(try await second.server.store.subscriptionEvents(id: id).count == 12)
            }
        }
    }
}

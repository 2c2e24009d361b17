import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import PartnerCenterModels
import TestSupport
import Testing

/// Fulfilment control over HTTP: rules per catalog item (at once, after seconds, after reads, held, failed) and the
/// operator's complete and fail per order.
@Suite struct FulfilmentControlTests {
    static let customer = "/v1/customers/\(DemoData.customerID)"
    static let checkout = "\(customer)/carts/\(DemoData.cartID)/checkout"
    /// The demo cart's reservations share one order; the server's own delay (an hour here) governs the others.
    static let reservations = "DZH318Z0BQ36"

    /// Adds the rule, checks the demo cart out, and returns the id of the order the rule governs.
    static func checkoutUnder(_ server: TestServer, rule: String) async throws -> String {
        let added = try await server.admin(.post, "/_admin/fulfilment/rules", body: rule)
        #expect(added.status == .created, "\(added.text)")
        let orders = try await server.call(.post, checkout).json()["orders"] as? [[String: Any]] ?? []
        let governed = orders.first { order in
            (order["lineItems"] as? [[String: Any]])?.contains { ($0["offerId"] as? String)?.hasPrefix(reservations) == true } == true
        }
        return try #require(governed?["id"] as? String)
    }

    static func status(_ server: TestServer, _ order: String) async throws -> String? {
        try await server.call(.get, "\(customer)/orders/\(order)").json()["status"] as? String
    }

    static let slow: @Sendable (inout ServerConfiguration) -> Void = {
        $0.fulfilmentDelay = 3_600
        $0.fulfilmentPollInterval = 0.02
    }

    @Test(arguments: TestEngine.all) func aHeldOrderStaysPendingUntilTheOperatorCompletesIt(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine, configure: Self.slow) { server in
            let order = try await Self.checkoutUnder(server, rule: #"{"catalogItemId":"\#(Self.reservations)","mode":"hold"}"#)
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await Self.status(server, order) == "pending")
            let settled = try await server.admin(.post, "/_admin/orders/\(order)/complete")
            #expect(try settled.json()["state"] as? String == "done", "\(settled.text)")
            #expect(try await Self.status(server, order) == "completed")
            try await server.admin(.post, "/_admin/orders/\(order)/complete").expectFault(.conflict, code: 800002)
            try await server.admin(.post, "/_admin/orders/nothing-here/fail").expectFault(.notFound, code: 1000)
        }
    }

    @Test func aFailRuleCancelsTheOrderAtOnceWithItsReason() async throws {
        try await TestServer.run(configure: Self.slow) { server in
            let order = try await Self.checkoutUnder(server, rule: #"{"catalogItemId":"dzh318z0bq36","mode":"Fail","reason":"Out of capacity."}"#)
            try await eventually { try await Self.status(server, order) == "cancelled" }
            let jobs = try await server.admin(.get, "/_admin/fulfilment?state=failed").json()["items"] as? [[String: Any]] ?? []
            #expect(jobs.first { $0["orderId"] as? String == order }?["lastError"] as? String == "Out of capacity.")
        }
    }

    @Test func theOperatorFailsAHeldOrder() async throws {
        try await TestServer.run(configure: Self.slow) { server in
            let order = try await Self.checkoutUnder(server, rule: #"{"mode":"hold"}"#)
            let tooLong = #"{"reason":"\#(String(repeating: "x", count: 1_025))"}"#
            try await server.admin(.post, "/_admin/orders/\(order)/fail", body: tooLong).expectFault(.badRequest, code: 800002)
            #expect(try await Self.status(server, order) == "pending", "a refused failure changes nothing")
            let settled = try await server.admin(.post, "/_admin/orders/\(order)/fail", body: #"{"reason":"Declined by the operator."}"#)
            #expect(try settled.json()["state"] as? String == "failed", "\(settled.text)")
            #expect(try await Self.status(server, order) == "cancelled")
        }
    }

    @Test func anAfterReadsOrderIsPendingForThatManyReadsAndFulfilledOnTheNext() async throws {
        try await TestServer.run(configure: Self.slow) { server in
            let order = try await Self.checkoutUnder(server, rule: #"{"catalogItemId":"\#(Self.reservations)","mode":"afterReads","reads":2}"#)
            #expect(try await Self.status(server, order) == "pending")
            #expect(try await Self.status(server, order) == "pending")
            #expect(try await Self.status(server, order) == "completed")
        }
    }

    @Test func immediatelyAndAfterSecondsFollowTheRulesAndTheClock() async throws {
        try await TestServer.run(clock: TravellingClock(), configure: Self.slow) { server in
            let order = try await Self.checkoutUnder(server, rule: #"{"catalogItemId":"\#(Self.reservations)","mode":"immediately"}"#)
            try await eventually { try await Self.status(server, order) == "completed" }
            #expect(try await server.admin(.delete, "/_admin/fulfilment/rules").status == .noContent)
            #expect(try await server.admin(.post, "/_admin/reset").status == .ok)
            let later = try await Self.checkoutUnder(
                server, rule: #"{"catalogItemId":"\#(Self.reservations)","mode":"afterSeconds","seconds":86400}"#)
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await Self.status(server, later) == "pending")
            #expect(try await server.admin(.post, "/_admin/clock", body: #"{"advance":"P2D"}"#).status == .ok)
            let token = try await server.server.tokens.mint(
                partnerTenantID: DemoData.partner.tenantID, applicationID: DemoData.applicationID, objectID: DemoData.applicationID
            )
            try await eventually {
                try await server.call(.get, "\(Self.customer)/orders/\(later)", token: token).json()["status"] as? String == "completed"
            }
        }
    }

    @Test func rulesAreCheckedListedAndRemoved() async throws {
        try await TestServer.run { server in
            for bad in [
                #"{"mode":"sometimes"}"#, #"{"mode":"afterSeconds"}"#, #"{"mode":"afterSeconds","seconds":-1}"#, #"{"mode":"afterReads","reads":0}"#,
                #"{"mode":"hold","catalogItemId":""}"#, #"{}"#,
            ] {
                try await server.admin(.post, "/_admin/fulfilment/rules", body: bad).expectFault(.badRequest, code: 800002)
            }
            let rule = try await server.admin(.post, "/_admin/fulfilment/rules", body: #"{"mode":"hold"}"#).json()
            let id = try #require(rule["id"] as? String)
            #expect(try await server.admin(.get, "/_admin/fulfilment/rules").json()["totalCount"] as? Int == 1)
            #expect(try await server.admin(.delete, "/_admin/fulfilment/rules/\(id)").status == .noContent)
            try await server.admin(.delete, "/_admin/fulfilment/rules/\(id)").expectFault(.notFound, code: 1000)
        }
    }
}

import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import PartnerCenterModels
import TestSupport
import Testing

/// The test bench as test suites lean on it (issue 27): a clock move that answers once its work has settled, and
/// sandbox partners whose clock, fault rules and journal are their own.
@Suite struct PartnerTestBenchTests {
    /// Fulfilment at once; the maintenance and webhook passes slow, so only a settle can have done their work.
    static func slowBackground(_ configuration: inout ServerConfiguration) {
        configuration.fulfilmentDelay = 0
        configuration.fulfilmentPollInterval = 0.02
        configuration.maintenanceInterval = 3_600
        configuration.webhookPollInterval = 3_600
    }

    @Test(arguments: TestEngine.all) func aYearsAdvanceAnswersWithEveryRenewalDeliveredInOrder(_ engine: TestEngine) async throws {
        let receiver = WebhookReceiver()
        try await receiver.serve { port in
            try await SubscriptionLifeTests.run(engine: engine, configure: Self.slowBackground) { _, life in
                let body = #"{"WebhookUrl":"http://127.0.0.1:\#(port)/hook","WebhookEvents":["subscription-renewed"]}"#
                #expect(try await life.call(.post, "/webhooks/v1/registration", body: body).status == .ok)
                let first = try #require(try await life.buy()["id"] as? String)
                let second = try #require(try await life.buy(quantity: 2)["id"] as? String)
                let moved = try await life.clock(#"{"advance":"P365D"}"#)
                #expect(moved.status == .ok, "\(moved.text)")
                // No waiting: the answer came after the work.
                let names = receiver.deliveries.map { ($0.json["EventName"] as? String ?? "", $0.json["ResourceUri"] as? String ?? "") }
                #expect(names.filter { $0.1.hasSuffix(first) }.count == 12, "\(names)")
                #expect(names.filter { $0.1.hasSuffix(second) }.count == 12, "\(names)")
                let times = receiver.deliveries.compactMap { ($0.json["ResourceChangeUtcDate"] as? String).flatMap(WireDate.parse) }
                #expect(times.count == 24)
                #expect(times == times.sorted(), "delivered in time order")
                let settled = try #require(try moved.json()["settled"] as? [String: Any])
                #expect(settled["termEnds"] as? Int == 24)
                #expect(settled["webhooksAttempted"] as? Int == 24)
                #expect(settled["webhooksFailed"] as? Int == 0)
                #expect(settled["finished"] as? Bool == true)
                // At once, on request: the move is made, the work left to the background.
                let quick = try await life.clock(#"{"advance":"P31D","settle":false}"#)
                #expect(try quick.json()["settled"] == nil)
            }
        }
    }

    /// A sandbox partner made in one call, and a token of its app from the token endpoint.
    struct Sandbox {
        let tenant: String
        let customer: String
        let clientID: String
        let secret: String

        static func make(_ server: TestServer) async throws -> Sandbox {
            let made = try await server.admin(.post, "/_admin/partners", body: #"{"sandbox":true}"#)
            #expect(made.status == .created, "\(made.text)")
            let json = try made.json()
            let app = try #require(json["application"] as? [String: Any])
            return Sandbox(
                tenant: try #require(json["tenantId"] as? String), customer: try #require(json["customerId"] as? String),
                clientID: try #require(app["clientId"] as? String), secret: try #require(app["clientSecret"] as? String)
            )
        }

        func token(_ server: TestServer) async throws -> String {
            let form =
                "grant_type=client_credentials&client_id=\(clientID)&client_secret=\(secret)"
                + "&scope=https%3A%2F%2Fapi.partnercenter.microsoft.com%2F.default"
            let issued = try await server.call(
                .post, "/\(tenant)/oauth2/v2.0/token", token: nil, body: form, headers: [.contentType: "application/x-www-form-urlencoded"])
            return try #require(try issued.json()["access_token"] as? String, "\(issued.text)")
        }
    }

    /// One suite's run on its own partner: reset, a fault of its own, its clock moved, then what it may see.
    static func suite(_ server: TestServer, _ sandbox: Sandbox, days: Int, faultStatus: Int) async throws -> (seen: [Int], clock: Date) {
        #expect(try await server.admin(.post, "/_admin/reset", body: #"{"partnerId":"\#(sandbox.tenant)"}"#).status == .ok)
        let fault = #"{"operation":"getCustomer","partnerId":"\#(sandbox.tenant)","times":1,"fault":"error","status":\#(faultStatus),"code":800003}"#
        #expect(try await server.admin(.post, "/_admin/faults", body: fault).status == .created)
        let moved = try await server.admin(.post, "/_admin/clock", body: #"{"partnerId":"\#(sandbox.tenant)","advance":"P\#(days)D"}"#)
        #expect(moved.status == .ok, "\(moved.text)")
        let token = try await sandbox.token(server)
        var seen: [Int] = []
        for _ in 0..<2 { seen.append(Int(try await server.call(.get, "/v1/customers/\(sandbox.customer)", token: token).status.code)) }
        let cart = try await server.call(
            .post, "/v1/customers/\(sandbox.customer)/carts", token: token,
            body: #"{"lineItems":[{"catalogItemId":"CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P","quantity":1,"billingCycle":"monthly","termDuration":"P1M"}]}"#)
        let stamp = try #require(try cart.json()["creationTimestamp"] as? String, "\(cart.text)")
        let created = try #require(WireDate.parse(stamp))
        return (seen, created)
    }

    @Test func twoSuitesInParallelEachSeeOnlyTheirOwnPartner() async throws {
        try await TestServer.run(clock: TravellingClock()) { server in
            let (one, two) = (try await Sandbox.make(server), try await Sandbox.make(server))
            let start = Date()
            async let first = Self.suite(server, one, days: 400, faultStatus: 503)
            async let second = Self.suite(server, two, days: 30, faultStatus: 500)
            let (a, b) = try await (first, second)
            // Each got its own fault once, then a customer.
            #expect(a.seen == [503, 200])
            #expect(b.seen == [500, 200])
            // Each wrote on its own time; the server's clock stayed where it was.
            #expect(abs(a.clock.timeIntervalSince(start) - 400 * 86_400) < 300, "\(a.clock)")
            #expect(abs(b.clock.timeIntervalSince(start) - 30 * 86_400) < 300, "\(b.clock)")
            let serverClock = try await server.admin(.get, "/_admin/clock").json()
            #expect(abs((WireDate.parse(serverClock["now"] as? String ?? "") ?? .distantPast).timeIntervalSinceNow) < 300)
            let own = try await server.admin(.get, "/_admin/clock?partnerId=\(one.tenant)").json()
            #expect(own["ownClock"] as? Bool == true)
            // A token of one partner's time is not valid on the other's: the second's token expired long before the
            // first's clock.
            let secondsToken = try await two.token(server)
            #expect(try await server.call(.get, "/v1/customers/\(two.customer)", token: secondsToken).status == .ok)
            // Neither sees the other's journal entries, nor its rules.
            for (sandbox, other) in [(one, two), (two, one)] {
                let entries = try await server.admin(.get, "/_admin/requests?partnerId=\(sandbox.tenant)&limit=1000").json()["items"]
                let paths = (entries as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
                #expect(!paths.isEmpty)
                #expect(!paths.contains { $0.contains(other.customer) || $0.contains(other.tenant) }, "\(paths)")
                let rules = try await server.admin(.get, "/_admin/faults?partnerId=\(sandbox.tenant)").json()["items"] as? [Any]
                #expect(rules?.isEmpty == true, "each fault was spent by its own partner's call")
            }
            // A reset of one partner puts its clock back on the server's and clears its entries; the other keeps its own.
            #expect(try await server.admin(.post, "/_admin/reset", body: #"{"partnerId":"\#(one.tenant)"}"#).status == .ok)
            #expect(try await server.admin(.get, "/_admin/clock?partnerId=\(one.tenant)").json()["ownClock"] as? Bool == false)
            #expect(try await server.admin(.get, "/_admin/clock?partnerId=\(two.tenant)").json()["ownClock"] as? Bool == true)
            let cleared = try await server.admin(.get, "/_admin/requests?partnerId=\(one.tenant)").json()["items"] as? [Any]
            #expect(cleared?.isEmpty == true)
        }
    }
}

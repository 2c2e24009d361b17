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
import TestSupport
import Testing

/// Fault rules over HTTP (`/_admin/faults`): each kind of answer, before and after the commit, matched by operation,
/// partner, customer and count; exactly once holds through a fault after commit.
@Suite struct FaultRuleTests {
    static let customer = "/v1/customers/\(DemoData.customerID)"
    static let checkout = "\(customer)/carts/\(DemoData.cartID)/checkout"

    static func addRule(_ server: TestServer, _ body: String) async throws -> [String: Any] {
        let added = try await server.admin(.post, "/_admin/faults", body: body)
        #expect(added.status == .created, "\(added.text)")
        return try added.json()
    }

    static func orderCount(_ server: TestServer) async throws -> Int {
        try #require(try await server.call(.get, "\(customer)/orders").json()["totalCount"] as? Int)
    }

    @Test(arguments: TestEngine.all) func aFaultAfterCommitOnCheckoutThenARetryGivesOneOrderSet(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            _ = try await Self.addRule(
                server,
                #"{"operation":"checkout","times":1,"when":"afterCommit","fault":"error","status":503,"code":800003,"description":"Injected outage."}"#
            )
            let before = try await Self.orderCount(server)
            let requestID = UUID().uuidString
            let failed = try await server.call(.post, Self.checkout, headers: [.msRequestID: requestID])
            #expect(failed.status == .serviceUnavailable)
            #expect(try failed.json()["description"] as? String == "Injected outage.")
            // The write happened: the retry with the same MS-RequestId replays it, and a new id gets the cart's stored result.
            let retry = try await server.call(.post, Self.checkout, headers: [.msRequestID: requestID])
            #expect(retry.status == .created, "\(retry.text)")
            #expect(retry.headers[HTTPField.Name("MS-Idempotent-Replay")!] == "true")
            let again = try await server.call(.post, Self.checkout)
            #expect(again.status == .created)
            let placed = try #require(try retry.json()["orders"] as? [[String: Any]])
            #expect(!placed.isEmpty)
            #expect(try await Self.orderCount(server) == before + placed.count, "one order set, however many retries")
            #expect((try again.json()["orders"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == placed.compactMap { $0["id"] as? String })
        }
    }

    @Test func aThrottleBeforeCommitAnswersRetryAfterAndTheRetryRunsForReal() async throws {
        try await TestServer.run { server in
            _ = try await Self.addRule(server, #"{"operation":"createCart","times":1,"fault":"throttle","retryAfter":7}"#)
            let body = #"{"lineItems":[{"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly"}]}"#
            let requestID = UUID().uuidString
            let refused = try await server.call(.post, "\(Self.customer)/carts", body: body, headers: [.msRequestID: requestID])
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] == "7")
            #expect(try refused.json()["message"] as? String == "Rate limit is exceeded. Try again in 7 seconds.")
            // Not kept as the answer to the request id: the client's retry is executed.
            let retry = try await server.call(.post, "\(Self.customer)/carts", body: body, headers: [.msRequestID: requestID])
            #expect(retry.status == .created, "\(retry.text)")
            #expect(retry.headers[HTTPField.Name("MS-Idempotent-Replay")!] == nil)
            // The rule was for one call and is gone.
            #expect(try await server.admin(.get, "/_admin/faults").json()["totalCount"] as? Int == 0)
        }
    }

    @Test func aDroppedConnectionAfterCommitLeavesTheWriteForTheRetry() async throws {
        try await TestServer.run { server in
            _ = try await Self.addRule(server, #"{"operation":"Checkout","times":1,"when":"after_commit","fault":"drop"}"#)
            let before = try await Self.orderCount(server)
            let requestID = UUID().uuidString
            let port = try #require(server.client.port)
            // A client of its own: the dropped connection must not be the one the rest of the test uses.
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(Self.checkout)")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(server.token)")
            request.headers.add(name: "MS-RequestId", value: requestID)
            await #expect(throws: (any Error).self, "the connection ends without an answer") {
                _ = try await http.execute(request, timeout: .seconds(30)).body.collect(upTo: 1 << 20)
            }
            try await http.shutdown()
            let retry = try await server.call(.post, Self.checkout, headers: [.msRequestID: requestID])
            #expect(retry.status == .created, "\(retry.text)")
            #expect(retry.headers[HTTPField.Name("MS-Idempotent-Replay")!] == "true")
            let placed = try #require(try retry.json()["orders"] as? [[String: Any]])
            #expect(try await Self.orderCount(server) == before + placed.count)
        }
    }

    @Test func aDelayHoldsTheAnswerBackAndThenRunsTheCall() async throws {
        try await TestServer.run { server in
            _ = try await Self.addRule(server, #"{"operation":"getCustomer","fault":"delay","delayMilliseconds":300}"#)
            let started = Date()
            let answer = try await server.call(.get, Self.customer)
            #expect(answer.status == .ok)
            #expect(Date().timeIntervalSince(started) >= 0.3)
        }
    }

    @Test func rulesMatchByPartnerCustomerOperationAndProbability() async throws {
        try await TestServer.run { server in
            let other = try await server.tokenForNewPartner(
                PartnerRecord(tenantID: "0e8a2c5f-1b3d-4f6a-9c7e-2d4b6f8a0c1e", name: "Other", mpnID: nil))
            _ = try await Self.addRule(
                server,
                #"{"operation":"getCustomers","partnerId":"\#(DemoData.partner.tenantID.uppercased())","fault":"error","status":500,"code":800003}"#
            )
            _ = try await Self.addRule(
                server, #"{"customerId":"\#(DemoData.customerID)","operation":"getOrders","fault":"error","status":409,"code":800036}"#)
            try await server.call(.get, "/v1/customers").expectFault(.internalServerError, code: 800003)
            #expect(try await server.call(.get, "/v1/customers", token: other).status == .ok, "another partner is not matched")
            try await server.call(.get, "\(Self.customer)/orders").expectFault(.conflict, code: 800036)
            #expect(try await server.call(.get, "\(Self.customer)/subscriptions").status == .ok, "another operation is not matched")
            // A probability below 1 spares some calls; 1 spares none.
            #expect(try await server.admin(.delete, "/_admin/faults").status == .noContent)
            _ = try await Self.addRule(server, #"{"operation":"getCustomer","fault":"error","status":500,"probability":0.5}"#)
            var hit = 0
            for _ in 0..<60 where try await server.call(.get, Self.customer).status == .internalServerError { hit += 1 }
            #expect(hit > 0 && hit < 60, "\(hit) of 60 calls hit at probability 0.5")
        }
    }

    @Test func rulesAreListedDeletedAndCheckedOnTheWayIn() async throws {
        try await TestServer.run { server in
            let rule = try await Self.addRule(server, #"{"operation":"getOrders","fault":"error"}"#)
            #expect(rule["status"] as? Int == 500)
            #expect(rule["when"] as? String == "beforeCommit")
            let id = try #require(rule["id"] as? String)
            let listed = try await server.admin(.get, "/_admin/faults").json()
            #expect((listed["items"] as? [[String: Any]])?.first?["id"] as? String == id)
            #expect(try await server.admin(.delete, "/_admin/faults/\(id)").status == .noContent)
            try await server.admin(.delete, "/_admin/faults/\(id)").expectFault(.notFound, code: 1000)
            let operations = try await server.admin(.get, "/_admin/faults/operations").json()["items"] as? [String]
            #expect(operations?.contains("checkout") == true)
            for bad in [
                #"{"fault":"explode"}"#, #"{"fault":"error","probability":2}"#, #"{"fault":"error","probability":0}"#,
                #"{"fault":"error","status":200}"#, #"{"fault":"throttle","retryAfter":-1}"#, #"{"fault":"delay"}"#,
                #"{"fault":"delay","delayMilliseconds":600000}"#, #"{"fault":"error","times":0}"#, #"{"fault":"error","operation":"checkouts"}"#,
                #"{"fault":"error","when":"sometimes"}"#, #"{"operation":"checkout"}"#, #"{"fault":"error","probability":"NaN"}"#,
            ] {
                try await server.admin(.post, "/_admin/faults", body: bad).expectFault(.badRequest, code: bad.contains("NaN") ? 3000 : 800002)
            }
            #expect(try await server.admin(.get, "/_admin/faults").json()["totalCount"] as? Int == 0)
            // Bounded: at most 100 rules.
            for _ in 0..<FaultRule.maximumRules { _ = try await Self.addRule(server, #"{"operation":"getOffer","fault":"drop"}"#) }
            try await server.admin(.post, "/_admin/faults", body: #"{"fault":"drop"}"#).expectFault(.badRequest, code: 800002)
        }
    }
}

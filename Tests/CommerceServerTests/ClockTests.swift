import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import PartnerCenterModels
import TestSupport
import Testing

/// Time travel through `/_admin/clock`: the server's time is read, frozen, set and advanced over HTTP, every rule
/// follows it, it never runs backwards, and every node of a store shares it.
@Suite struct ClockTests {
    static let customer = "/v1/customers/\(DemoData.customerID)"

    /// The server's time as `/_admin/clock` reports it.
    static func now(_ server: TestServer, key: String) async throws -> (now: Date, state: [String: Any]) {
        let state = try await server.call(.get, "/_admin/clock", token: nil, headers: [.authorization: "Bearer \(key)"]).json()
        return (try #require((state["now"] as? String).flatMap(WireDate.parse)), state)
    }

    static func move(_ server: TestServer, key: String, _ body: String, requestID: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(key)"]
        if let requestID { headers[.msRequestID] = requestID }
        return try await server.call(.post, "/_admin/clock", token: nil, body: body, headers: headers)
    }

    @Test(arguments: TestEngine.all) func advancingTheClockEightDaysExpiresACart(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine, clock: TravellingClock()) { server in
            let key = try #require(server.server.newAdminKey)
            // A token that outlives the jump (token expiry follows the clock too).
            let token = try await server.server.tokens.mint(
                partnerTenantID: DemoData.partner.tenantID, applicationID: DemoData.applicationID, objectID: DemoData.applicationID,
                lifetime: 30 * 86_400
            )
            let body = #"{"lineItems":[{"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly"}]}"#
            let id = try #require(try await server.call(.post, "\(Self.customer)/carts", token: token, body: body).json()["id"] as? String)
            let before = try await Self.now(server, key: key).now
            let moved = try await Self.move(server, key: key, #"{"advance":"P8D"}"#)
            #expect(moved.status == .ok)
            let after = try #require((try moved.json()["now"] as? String).flatMap(WireDate.parse))
            #expect(after.timeIntervalSince(before) >= 8 * 86_400)
            #expect(after.timeIntervalSince(before) < 8 * 86_400 + 60)
            try await server.call(.get, "\(Self.customer)/carts/\(id)", token: token).expectFault(.notFound, code: 800008)
            // The one-hour token minted before the jump has expired with it.
            try await server.call(.get, Self.customer).expectFault(.unauthorized, code: 400)
        }
    }

    @Test func freezeHoldsTimeSetMovesItAndResumeRunsOnFromThere() async throws {
        try await TestServer.run(clock: TravellingClock()) { server in
            let key = try #require(server.server.newAdminKey)
            let frozen = try await Self.move(server, key: key, #"{"freeze":true}"#).json()
            #expect(frozen["frozen"] as? Bool == true)
            let first = try await Self.now(server, key: key).now
            try await Task.sleep(nanoseconds: 50_000_000)
            #expect(try await Self.now(server, key: key).now == first, "a frozen clock stands still")

            let target = first.addingTimeInterval(86_400)
            #expect(try await Self.move(server, key: key, #"{"set":"\#(WireDate.format(target))"}"#).status == .ok)
            #expect(try await Self.now(server, key: key).now == target)

            let resumed = try await Self.move(server, key: key, #"{"resume":true}"#).json()
            #expect(resumed["frozen"] as? Bool == false)
            try await Task.sleep(nanoseconds: 50_000_000)
            let running = try await Self.now(server, key: key).now
            #expect(running > target, "running again, from the instant it stood at")
            #expect(running.timeIntervalSince(target) < 60)
        }
    }

    @Test func theClockNeverRunsBackwardsAndRefusesWhatItCannotRead() async throws {
        try await TestServer.run(clock: TravellingClock()) { server in
            let key = try #require(server.server.newAdminKey)
            let past = WireDate.format(Date().addingTimeInterval(-3_600))
            for body in [
                #"{"set":"\#(past)"}"#, #"{"advance":"-P1D"}"#, #"{"advance":-5}"#, #"{"advance":"P36501D"}"#, #"{"advance":"P1e400D"}"#,
                #"{"advance":"banana"}"#, #"{"set":"yesterday"}"#, "{}", #"{"freeze":true,"resume":true}"#, #"{"set":5}"#, "[]", "nonsense",
            ] {
                let answer = try await Self.move(server, key: key, body)
                #expect(answer.status == .badRequest, "\(body) → \(answer.status)")
                #expect((try? answer.json()["code"]) != nil, "\(body): an ApiFault")
            }
            let state = try await Self.now(server, key: key).state
            #expect(state["offsetSeconds"] as? Double == 0, "nothing moved")
            try await server.call(.post, "/_admin/clock", token: nil, body: #"{"advance":"P1D"}"#).expectFault(.unauthorized, code: 400)
        }
    }

    @Test func aRetriedAdvanceMovesTheClockOnce() async throws {
        try await TestServer.run(clock: TravellingClock()) { server in
            let key = try #require(server.server.newAdminKey)
            let requestID = UUID().uuidString
            let first = try await Self.move(server, key: key, #"{"advance":"PT1H"}"#, requestID: requestID)
            let again = try await Self.move(server, key: key, #"{"advance":"PT1H"}"#, requestID: requestID)
            #expect(first.status == .ok && again.status == .ok)
            #expect(again.headers[.idempotentReplay] == "true")
            let offset = try #require(try await Self.now(server, key: key).state["offsetSeconds"] as? Double)
            #expect(offset >= 3_600 && offset < 3_660, "one hour, not two: \(offset)")
        }
    }

    @Test func anotherNodeOfTheStoreFollowsTheClock() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await TestServer.run(clock: TravellingClock(), folder: folder) { first in
            let key = try #require(first.server.newAdminKey)
            #expect(try await Self.move(first, key: key, #"{"advance":"P2D"}"#).status == .ok)
            try await TestServer.run(clock: TravellingClock(), folder: folder) { second in
                // Read at its start…
                let offset = try #require(try await Self.now(second, key: key).state["offsetSeconds"] as? Double)
                #expect(offset >= 2 * 86_400)
                // …and followed within about a second when the other node moves it.
                #expect(try await Self.move(first, key: key, #"{"advance":"P3D"}"#).status == .ok)
                try await eventually {
                    (try await Self.now(second, key: key).state["offsetSeconds"] as? Double ?? 0) >= 5 * 86_400
                }
            }
        }
    }
}

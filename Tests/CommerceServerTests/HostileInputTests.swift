import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

/// The hostile-input catalogue (issue 9): each request gets a clean `ApiFault` with its documented status, and
/// the store is exactly as it was before (every row of every table compared).
@Suite struct HostileInputTests {
    static let customer = "/v1/customers/d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d"
    static let carts = customer + "/carts"

    /// Sends each body to each path and checks the fault and that nothing was written.
    static func expectRefused(
        _ server: TestServer, method: HTTPRequest.Method = .post, _ path: String, bodies: [[UInt8]], status: HTTPResponse.Status, code: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let before = try await server.server.store.contents()
        for body in bodies {
            let response = try await server.callBytes(method, path, body: body)
            try response.expectFault(status, code: code, sourceLocation: sourceLocation)
        }
        let after = try await server.server.store.contents()
        #expect(after == before, "a refused request changed the store", sourceLocation: sourceLocation)
    }

    static func cart(_ line: String) -> [UInt8] { Array(#"{"lineItems":[\#(line)]}"#.utf8) }
    static let line = #""id":0,"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly""#

    @Test(arguments: TestEngine.all) func malformedBodies(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let bodies: [[UInt8]] = [
                Array(#"{"lineItems":[{"id":0,"catalogItemId":"#.utf8),  // truncated
                Array("{lineItems: nope}".utf8),  // not JSON
                [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D],  // invalid UTF-8
                Array(String(repeating: "[", count: 10_000).utf8) + Array(String(repeating: "]", count: 10_000).utf8),
                Array((#"{"lineItems":"# + String(repeating: "[", count: 10_000)).utf8),
            ]
            try await Self.expectRefused(server, Self.carts, bodies: bodies, status: .badRequest, code: 800002)
            try await Self.expectRefused(server, "/v1/customers", bodies: bodies, status: .badRequest, code: 800002)
            try await Self.expectRefused(
                server, method: .put, Self.carts + "/b4c8fdea-cbe4-4d17-9576-13fcacbf9605", bodies: bodies, status: .badRequest, code: 800002)
        }
    }

    @Test(arguments: TestEngine.all) func numbersOutOfRange(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let bodies = [
                #""id":0,"catalogItemId":"MS-AZR-0145P","quantity":99999999999999999999,"billingCycle":"monthly""#,
                #""id":0,"catalogItemId":"MS-AZR-0145P","quantity":1.5,"billingCycle":"monthly""#,
                #""id":0,"catalogItemId":"MS-AZR-0145P","quantity":1e400,"billingCycle":"monthly""#,
                #""id":0.25,"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly""#,
                #""id":9223372036854775807,"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly""#,
                #""id":"9223372036854775807","catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly""#,
                #""id":2147483648,"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly""#,
                #""id":-9223372036854775808,"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly""#,
            ].map { Self.cart("{\($0)}") }
            try await Self.expectRefused(server, Self.carts, bodies: bodies, status: .badRequest, code: 3000)
        }
    }

    @Test(arguments: TestEngine.all) func aMegabyteStringInEveryStringField(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let huge = String(repeating: "x", count: 1_000_000)
            let lineFields = ["catalogItemId", "friendlyName", "termDuration", "promotionId", "currencyCode", "orderGroup", "purchaseSystem"]
            var carts = lineFields.map { field in Self.cart(#"{"id":0,"quantity":1,"billingCycle":"monthly","\#(field)":"\#(huge)"}"#) }
            carts.append(Self.cart(#"{\#(Self.line),"provisioningContext":{"subscriptionId":"\#(huge)"}}"#))
            carts.append(Self.cart(#"{\#(Self.line),"provisioningContext":{"\#(huge)":"x"}}"#))
            carts.append(Array(#"{"lineItems":[{\#(Self.line)}],"id":"\#(huge)"}"#.utf8))
            try await Self.expectRefused(server, Self.carts, bodies: carts, status: .badRequest, code: 800002)
            let customerFields = [
                #"{"companyProfile":{"domain":"\#(huge)"}}"#, #"{"companyProfile":{"domain":"a.com","companyName":"\#(huge)"}}"#,
                #"{"companyProfile":{"domain":"a.com"},"billingProfile":{"email":"\#(huge)@a.com"}}"#,
                #"{"companyProfile":{"domain":"a.com"},"billingProfile":{"email":"a@a.com","defaultAddress":{"country":"US","city":"\#(huge)"}}}"#,
            ].map { Array($0.utf8) }
            try await Self.expectRefused(server, "/v1/customers", bodies: customerFields, status: .badRequest, code: 800002)
        }
    }

    @Test(arguments: TestEngine.all) func tenThousandLineItems(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let lines = (0..<10_000).map { #"{"id":\#($0),"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly"}"# }
            let body = Array(#"{"lineItems":[\#(lines.joined(separator: ","))]}"#.utf8)
            let addOns = (0..<10_000).map { #"{"id":\#($0 + 1),"catalogItemId":"MS-AZR-0145P","quantity":1}"# }
            let nested = Self.cart(#"{\#(Self.line),"addonItems":[\#(addOns.joined(separator: ","))]}"#)
            // Refused by the shape check before any decoding (10,000 elements), and by the cart rules past 100 lines.
            try await Self.expectRefused(server, Self.carts, bodies: [body, nested], status: .badRequest, code: 800002)
            let overRules = (0..<101).map { #"{"id":\#($0),"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly"}"# }
            let withAddOns = Self.cart(#"{\#(Self.line),"addonItems":[\#(addOns.prefix(100).joined(separator: ","))]}"#)
            try await Self.expectRefused(
                server, Self.carts, bodies: [Self.cart(overRules.joined(separator: ",")), withAddOns, Self.cart("")], status: .badRequest, code: 3000
            )
        }
    }

    @Test(arguments: TestEngine.all) func wrongTypesInEveryField(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let wrong = [
                #"{"lineItems":"MS-AZR-0145P"}"#, #"{"lineItems":{"id":0}}"#, #"{"lineItems":[42]}"#,
                #"{"lineItems":[{"id":{},"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly"}]}"#,
                #"{"lineItems":[{"id":0,"catalogItemId":42,"quantity":1,"billingCycle":"monthly"}]}"#,
                #"{"lineItems":[{"id":0,"catalogItemId":"MS-AZR-0145P","quantity":[1],"billingCycle":"monthly"}]}"#,
                #"{"lineItems":[{"id":0,"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":{"x":1}}]}"#,
                #"{"lineItems":[{"id":0,"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly","provisioningContext":[1]}]}"#,
                #"{"lineItems":[{"id":0,"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly","addonItems":"x"}]}"#,
                #"{"lineItems":[{"id":0,"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly","customTermEndDate":"tomorrow"}]}"#,
                #"{"lineItems":[{"id":0,"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly","attestationAccepted":"maybe"}]}"#,
                #"{"lineItems":[{"id":0,"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly","participants":"x"}]}"#,
                #"{"lineItems":[{"id":0,"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly"}],"partnerOnRecordAttestationAccepted":[]}"#,
            ].map { Array($0.utf8) }
            try await Self.expectRefused(server, Self.carts, bodies: wrong, status: .badRequest, code: 3000)
            let customers = [
                #"{"companyProfile":"fabrikam.com"}"#, #"{"companyProfile":{"domain":42}}"#,
                #"{"companyProfile":{"domain":"a.com"},"billingProfile":[]}"#,
                #"{"companyProfile":{"domain":"a.com"},"billingProfile":{"email":"a@a.com","defaultAddress":{"country":1}}}"#,
            ].map { Array($0.utf8) }
            try await Self.expectRefused(server, "/v1/customers", bodies: customers, status: .badRequest, code: 3000)
            try await Self.expectRefused(server, "/v1/customers", bodies: [Array("[1,2]".utf8), Array("42".utf8)], status: .badRequest, code: 800002)
        }
    }

    @Test(arguments: TestEngine.all) func pathIdsThatAreNotGuidsAndPathTricks(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let before = try await server.server.store.contents()
            try await server.call(.get, "/v1/customers/not-a-guid").expectFault(.badRequest, code: 900118)
            try await server.call(.get, "/v1/customers/d6bf25b7-e0a8-4f2d-a31b-97b55cfc774dX/orders").expectFault(.badRequest, code: 900118)
            try await server.call(.get, "/v1/customers/%27%20OR%201=1--").expectFault(.badRequest, code: 900118)
            try await server.call(.get, Self.carts + "/not-a-guid").expectFault(.notFound, code: 800008)
            try await server.call(.post, Self.carts + "/..%2F..%2F/checkout").expectFault(.notFound, code: 800008)
            for path in [
                "/v1/customers/../_admin/partners", "/v1/customers/%2e%2e/%2e%2e/_admin/partners", "/v1/%2e%2e/_admin/partners",
                "/v1/customers/..%2F_admin%2Fpartners", "/v1/customers/%252e%252e/_admin", "/v1/customers/%00", "/v1/customers%2F..%2F..%2F_admin",
            ] {
                let response = try await server.call(.get, path)
                #expect([400, 404].contains(response.status.code), "\(path) → \(response.status)")
                let body = try response.json()
                #expect(body["source"] as? String == "PartnerFD", "\(path)")
                #expect(!response.text.contains("\"tenantId\""), "\(path) reached the admin API")
            }
            #expect(try await server.server.store.contents() == before)
        }
    }

    @Test(arguments: TestEngine.all) func quantitiesAndDuplicateIdsAreLineProblemsNotCrashes(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            // Zero and negative quantities are the line's problem (10010), as Partner Center reports them; the cart
            // exists, and checking it out is refused with 800009 and places nothing.
            let body =
                #"{"lineItems":[{"id":0,"catalogItemId":"MS-AZR-0145P","quantity":0,"billingCycle":"monthly"},{"id":0,"catalogItemId":"MS-AZR-0145P","quantity":-5,"billingCycle":"monthly"},{"id":0,"catalogItemId":"MS-AZR-0145P","quantity":-9223372036854775808,"billingCycle":"monthly","surprise":{"unknown":["fields",1]}}],"alsoUnknown":true}"#
            let created = try await server.call(.post, Self.carts, body: body)
            #expect(created.status == .created, "\(created.text)")
            let lines = try #require(try created.json()["lineItems"] as? [[String: Any]])
            // Duplicate ids (the .NET SDK sends 0 for every line it did not number) are renumbered, not refused.
            #expect(lines.compactMap { $0["id"] as? Int } == [0, 1, 2])
            #expect(lines.allSatisfy { ($0["error"] as? [String: Any])?["errorCode"] as? Int == 10010 })
            let cartID = try #require(try created.json()["id"] as? String)
            let before = try await server.server.store.contents()
            try await server.call(.post, Self.carts + "/\(cartID)/checkout").expectFault(.badRequest, code: 800009)
            #expect(try await server.server.store.contents() == before)
        }
    }

    @Test func headersOverTheLimitGetAnApiFault() async throws {
        try await TestServer.run { server in
            let socket = try RawSocket(port: try #require(server.client.port))
            await socket.send("GET /_admin/health HTTP/1.1\r\nHost: localhost\r\nX-Padding: \(String(repeating: "a", count: 20 * 1024))\r\n\r\n")
            let response = try RawResponse(await socket.readToEnd())
            #expect(response.status == 400)
            #expect(response.headers.lowercased().contains("content-type: application/json"))
            #expect(response.body["code"] as? Int == 800002)
            #expect(response.body["source"] as? String == "PartnerFD")
            // Not HTTP at all gets the same.
            let garbage = try RawSocket(port: try #require(server.client.port))
            await garbage.send([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03, 0x0D, 0x0A, 0x0D, 0x0A])
            #expect(try RawResponse(await garbage.readToEnd()).status == 400)
        }
    }

    @Test func aBodySentAByteAtATimeTimesOutWhileOthersAreServed() async throws {
        try await TestServer.run(configure: { $0.requestTimeout = 1 }) { server in
            let port = try #require(server.client.port)
            let body = String(decoding: Self.cart("{\(Self.line)}"), as: UTF8.self)
            let slow = try RawSocket(port: port)
            await slow.send(
                "POST \(Self.carts) HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(server.token)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
            )
            let before = try await server.server.store.contents()
            let trickle = Task.detached {
                for byte in body.utf8 {
                    guard await slow.send([byte]) else { return }
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            // Meanwhile everyone else is served as usual.
            for _ in 0..<5 {
                #expect(try await server.call(.get, Self.customer).status == .ok)
            }
            let response = try RawResponse(await slow.readToEnd())
            trickle.cancel()
            #expect(response.status == 408)
            #expect(response.body["code"] as? Int == 800002)
            #expect(try await server.server.store.contents() == before)
            #expect(try await server.call(.get, Self.customer).status == .ok)
        }
    }
}

extension HostileInputTests {
    /// A token's header is JSON read before its signature is checked: a deeply nested one must not recurse.
    @Test func aTokenWithADeeplyNestedHeaderIsJust401() async throws {
        try await TestServer.run { server in
            for header in [String(repeating: "[", count: 6000), String(repeating: "{\"a\":", count: 1500), "\u{FF}\u{FE}"] {
                let token = base64URL(Data(header.utf8)) + "." + base64URL(Data("{}".utf8)) + ".c2ln"
                try await server.call(.get, Self.customer, token: token).expectFault(.unauthorized, code: 400)
            }
        }
    }

    @Test func headersTricklingInAreCutOffAtTheIdleTimeout() async throws {
        try await TestServer.run(configure: { $0.idleTimeout = 0.5 }) { server in
            let socket = try RawSocket(port: try #require(server.client.port))
            let started = Date()
            await socket.send("GET /_admin/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: a")
            #expect(await socket.readToEnd().isEmpty, "closed without an answer")
            #expect(Date().timeIntervalSince(started) < 15, "closed by the server, not by the read timeout")
            // A new connection is served. (The test client's own idle connection was closed too, so raw again.)
            let next = try RawSocket(port: try #require(server.client.port))
            await next.send("GET /_admin/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            #expect(try RawResponse(await next.readToEnd()).status == 200)
        }
    }
}

extension TestServer {
    /// Sends raw bytes as the body, with the valid token and a JSON content type.
    func callBytes(_ method: HTTPRequest.Method, _ uri: String, body: [UInt8]) async throws -> TestResponse {
        try await client.execute(
            uri: uri, method: method, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"], body: ByteBuffer(bytes: body)
        )
    }
}

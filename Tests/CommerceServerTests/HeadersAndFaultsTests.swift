import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// Partner Center headers on every response, and every failure an ApiFault (spec §6, §7).
@Suite struct HeadersAndFaultsTests {
    @Test(arguments: TestEngine.all) func healthAnswersWithoutAToken(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let response = try await server.call(.get, "/_admin/health", token: nil)
            #expect(response.status == .ok)
            #expect(try response.json()["status"] as? String == "healthy")
            #expect(try response.json()["engine"] as? String == engine.rawValue)
        }
    }

    @Test(arguments: TestEngine.all) func requestHeadersAreEchoed(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let response = try await server.call(
                .get, "/v1/customers/d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d",
                headers: [
                    .msRequestID: "4fa6dad6-a89f-4875-8247-8294a10ae1cf", .msCorrelationID: "0e93c70c-977a-4a88-9580-7cf084c73286",
                    .xLocale: "ja-JP", .msCV: "sF/wRa2ih0CzbABc",
                ]
            )
            #expect(response.status == .ok)
            #expect(response.headers[.msRequestID] == "4fa6dad6-a89f-4875-8247-8294a10ae1cf")
            #expect(response.headers[.msCorrelationID] == "0e93c70c-977a-4a88-9580-7cf084c73286")
            #expect(response.headers[.xLocale] == "ja-JP")
            #expect(response.headers[.msCV] == "sF/wRa2ih0CzbABc.0")
            #expect(response.headers[.msServerID] == "000001")
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
        }
    }

    @Test(arguments: TestEngine.all) func missingHeadersAreGeneratedEvenOnErrors(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            for response in [try await server.call(.get, "/v1/customers"), try await server.call(.get, "/v1/nowhere", token: nil)] {
                #expect(UUID(uuidString: response.headers[.msRequestID] ?? "") != nil)
                #expect(UUID(uuidString: response.headers[.msCorrelationID] ?? "") != nil)
                #expect(response.headers[.msCV]?.hasSuffix(".0") == true)
                #expect(response.headers[.xLocale] == "en-US")
            }
        }
    }

    @Test func requestHeadersAreBounded() async throws {
        try await TestServer.run { server in
            let within = try await server.call(
                .get, "/_admin/health", headers: [HTTPField.Name("X-Padding")!: String(repeating: "a", count: 8 * 1024)])
            #expect(within.status == .ok)
            // Over 16 KiB in one field: refused by the HTTP parser before any handler runs, still as an ApiFault.
            let over = try await server.call(
                .get, "/_admin/health", headers: [HTTPField.Name("X-Padding")!: String(repeating: "a", count: 20 * 1024)])
            try over.expectFault(.badRequest, code: 800002)
        }
    }

    @Test(arguments: TestEngine.all) func unknownRouteIs404(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            try await server.call(.get, "/v1/nothing-here").expectFault(.notFound, code: 1000)
            try await server.call(.get, "/totally/elsewhere", token: nil).expectFault(.notFound, code: 1000)
        }
    }

    @Test(arguments: TestEngine.all) func wrongMethodIs405WithAllow(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let response = try await server.call(.delete, "/v1/customers")
            try response.expectFault(.methodNotAllowed, code: 800002)
            #expect(response.headers[.allow] == "GET, POST")
            try await server.call(.put, "/v1/products/DZH318Z0BQ36?country=US").expectFault(.methodNotAllowed, code: 800002)
            // Methods no route declares are wrong methods too, with the path's Allow.
            for method in [HTTPRequest.Method.trace, .options, .head, HTTPRequest.Method("QUERY")!] {
                let refused = try await server.call(method, "/v1/customers/d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d")
                #expect(refused.status == .methodNotAllowed, "\(method)")
                #expect(refused.headers[.allow] == "GET", "\(method)")
            }
            try await server.call(.trace, "/_admin/health", token: nil).expectFault(.methodNotAllowed, code: 800002)
        }
    }

    @Test(arguments: TestEngine.all) func pathsMatchRegardlessOfCase(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let response1 = try await server.call(.get, "/V1/Customers/D6BF25B7-E0A8-4F2D-A31B-97B55CFC774D")
            #expect(response1.status == .ok)
        }
    }

    /// Closing the store under a live server is how this test makes every query fail.
    @Test(arguments: TestEngine.all) func anInternalFailureIsA500ApiFaultWithoutDetails(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            await server.server.store.close()  // every query now fails inside the store
            let response = try await server.call(.get, "/v1/customers")
            try response.expectFault(.internalServerError, code: 800003)
            #expect(!response.text.lowercased().contains("sqlite"), "no internals leak: \(response.text)")
        }
    }
}

import AsyncHTTPClient
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

/// The journal as a test suite leans on it: cleared on demand and by a reset, filtered by every field a test
/// asserts on, strict about filter names, headers kept (secrets masked), and a long poll for entries to arrive.
@Suite struct JournalAssertionTests {
    static let customer = "/v1/customers/\(DemoData.customerID)"

    static func items(_ server: TestServer, _ query: String) async throws -> [[String: Any]] {
        let listing = try await server.admin(.get, "/_admin/requests\(query)")
        #expect(listing.status == .ok, "\(query): \(listing.text)")
        return try listing.json()["items"] as? [[String: Any]] ?? []
    }

    @Test func clearsFiltersByEachFieldAndReadsHeaders() async throws {
        try await TestServer.run { server in
            #expect(try await server.admin(.delete, "/_admin/requests").status == .ok)
            let marker = UUID().uuidString
            _ = try await server.call(
                .get, Self.customer, headers: [.msRequestID: "read-1", .msCorrelationID: marker, HTTPField.Name("X-Locale")!: "ja-JP"])
            _ = try await server.call(.post, "\(Self.customer)/carts", body: "{}", headers: [.msRequestID: "write-1", .msCorrelationID: marker])
            _ = try await server.call(.get, "/v1/customers/00000000-0000-0000-0000-000000000001", headers: [.msCorrelationID: marker])

            #expect(try await Self.items(server, "?correlationId=\(marker)").count == 3)
            #expect(try await Self.items(server, "?method=post").map { $0["requestId"] as? String } == ["write-1"])
            #expect(try await Self.items(server, "?requestId=read-1").count == 1)
            #expect(try await Self.items(server, "?status=404").count == 1)
            #expect(try await Self.items(server, "?status=4xx").count == 2, "the 404 and the empty cart's 400")
            #expect(try await Self.items(server, "?pathPrefix=\(Self.customer.uppercased())/carts").count == 1)
            #expect(try await Self.items(server, "?pathPrefix=/carts").isEmpty, "a prefix is the path's start")
            #expect(try await Self.items(server, "?partnerId=\(DemoData.partner.tenantID)").count == 3)
            #expect(try await Self.items(server, "?partnerId=00000000-0000-0000-0000-0000000000aa").isEmpty)
            let times = try await Self.items(server, "?correlationId=\(marker)").compactMap { $0["time"] as? String }
            let newest = try #require(times.first)
            let oldest = try #require(times.last)
            #expect(try await Self.items(server, "?since=\(newest)").count >= 1)
            #expect(try await Self.items(server, "?until=\(oldest)&correlationId=\(marker)").isEmpty, "until is before, not at")
            #expect(try await Self.items(server, "?since=2999-01-01T00:00:00Z").isEmpty)

            let read = try #require(try await Self.items(server, "?requestId=read-1").first)
            let sent = try #require(read["requestHeaders"] as? [String: String])
            #expect(sent["ms-requestid"] == "read-1")
            #expect(sent["x-locale"] == "ja-JP")
            #expect(sent["authorization"] == "Bearer [redacted]", "the scheme shows, the token does not")
            #expect((read["responseHeaders"] as? [String: String])?["ms-requestid"] == "read-1")

            for unknown in ["?metod=POST", "?statuscode=200", "?from=2030-01-01T00:00:00Z"] {
                let refused = try await server.admin(.get, "/_admin/requests\(unknown)")
                try refused.expectFault(.badRequest, code: 800002)
                #expect(refused.text.contains("pathPrefix"), "the refusal lists the filters")
            }
            for bad in ["?since=yesterday", "?status=6xx", "?atLeast=0", "?timeout=61"] {
                try await server.admin(.get, "/_admin/requests\(bad)").expectFault(.badRequest, code: 800002)
            }

            let cleared = try await server.admin(.delete, "/_admin/requests?partnerId=\(DemoData.partner.tenantID)")
            #expect(try cleared.json()["removed"] as? Int == 3)
            #expect(try await Self.items(server, "?correlationId=\(marker)").isEmpty)
            try await server.admin(.delete, "/_admin/requests?limit=3").expectFault(.badRequest, code: 800002)
        }
    }

    @Test func aResetClearsTheJournal() async throws {
        try await TestServer.run { server in
            _ = try await server.call(.get, Self.customer)
            #expect(try await !Self.items(server, "?pathPrefix=/v1/").isEmpty)
            #expect(try await server.admin(.post, "/_admin/reset", body: #"{"partnerId":"\#(DemoData.partner.tenantID)"}"#).status == .ok)
            #expect(try await Self.items(server, "?partnerId=\(DemoData.partner.tenantID)").isEmpty)
            _ = try await server.call(.get, Self.customer)
            #expect(try await server.admin(.post, "/_admin/reset").status == .ok)
            #expect(try await Self.items(server, "?pathPrefix=/v1/").isEmpty)
        }
    }

    @Test func aLongPollWaitsForEntries() async throws {
        try await TestServer.run { server in
            let marker = UUID().uuidString
            let key = try #require(server.server.newAdminKey)
            // Its own connection: the test client sends one request at a time.
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            var poll = HTTPClientRequest(url: "\(server.base)/_admin/requests?correlationId=\(marker)&atLeast=2&timeout=30")
            poll.headers.add(name: "Authorization", value: "Bearer \(key)")
            async let waited = http.execute(poll, timeout: .seconds(40)).body.collect(upTo: 1 << 20)
            try await Task.sleep(for: .milliseconds(200))
            for _ in 0..<2 { _ = try await server.call(.get, Self.customer, headers: [.msCorrelationID: marker]) }
            let answer = try JSONSerialization.jsonObject(with: Data((try await waited).readableBytesView)) as? [String: Any]
            try await http.shutdown()
            #expect((answer?["items"] as? [Any])?.count == 2)
            #expect(answer?["reached"] as? Bool == true)
            // Not reached: what there is, and says so.
            let short = try await server.admin(.get, "/_admin/requests?correlationId=\(marker)&atLeast=3&timeout=0.2")
            #expect(try short.json()["reached"] as? Bool == false)
            #expect((try short.json()["items"] as? [Any])?.count == 2)
        }
    }
}

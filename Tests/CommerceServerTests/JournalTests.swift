import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// `GET /_admin/requests`: what clients sent and got, with their ids, secrets redacted, memory bounded.
@Suite struct JournalTests {
    static let customer = "/v1/customers/\(DemoData.customerID)"

    static func journal(_ server: TestServer, _ query: String = "") async throws -> [String: Any] {
        let key = try #require(server.server.newAdminKey)
        return try await server.call(.get, "/_admin/requests\(query)", token: nil, headers: [.authorization: "Bearer \(key)"]).json()
    }

    @Test func anEntryShowsItsIdsWithTokensAndSecretsRedacted() async throws {
        try await TestServer.run { server in
            let correlation = UUID().uuidString
            let form =
                "grant_type=client_credentials&client_id=\(DemoData.applicationID)&client_secret=\(DemoData.applicationSecret)"
                + "&scope=https%3A%2F%2Fapi.partnercenter.microsoft.com%2F.default"
            let issued = try await server.call(
                .post, "/\(DemoData.partner.tenantID)/oauth2/v2.0/token", token: nil, body: form,
                headers: [.contentType: "application/x-www-form-urlencoded", .msCorrelationID: correlation]
            )
            let accessToken = try #require(try issued.json()["access_token"] as? String)
            let body = #"{"lineItems":[{"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly"}]}"#
            let created = try await server.call(
                .post, "\(Self.customer)/carts", token: accessToken, body: body, headers: [.msCorrelationID: correlation, .msRequestID: "journal-1"]
            )
            #expect(created.status == .created)
            #expect(created.headers[.contentLength] != nil, "a journalled answer keeps its length (not chunked)")

            let listing = try await Self.journal(server, "?correlationId=\(correlation)")
            let text = String(decoding: try JSONSerialization.data(withJSONObject: listing), as: UTF8.self)
            #expect(!text.contains(accessToken), "no token anywhere")
            #expect(!text.contains(DemoData.applicationSecret), "no client secret anywhere")
            let items = try #require(listing["items"] as? [[String: Any]])
            #expect(items.count == 2)
            let cart = try #require(items.first, "newest first")
            #expect(cart["method"] as? String == "POST")
            #expect(cart["path"] as? String == "\(Self.customer)/carts")
            #expect(cart["status"] as? Int == 201)
            #expect(cart["requestId"] as? String == "journal-1")
            #expect(cart["correlationId"] as? String == correlation)
            #expect(cart["partner"] as? String == DemoData.partner.tenantID)
            #expect((cart["requestBody"] as? String)?.contains("MS-AZR-0145P") == true)
            #expect((cart["responseBody"] as? String)?.contains("expirationTimestamp") == true)
            let token = try #require(items.last)
            #expect((token["requestBody"] as? String)?.contains("client_secret=[redacted]") == true)
            #expect((token["responseBody"] as? String)?.contains(#""access_token":"[redacted]""#) == true)
        }
    }

    @Test func filtersAndLimits() async throws {
        try await TestServer.run { server in
            _ = try await server.call(.get, Self.customer)
            _ = try await server.call(.get, "/v1/customers/00000000-0000-0000-0000-000000000001")
            _ = try await server.call(.get, "/v1/products?country=US&targetView=OnlineServices")
            let missing = try await Self.journal(server, "?status=404")
            #expect((missing["items"] as? [[String: Any]])?.count == 1)
            let products = try await Self.journal(server, "?path=PRODUCTS")
            #expect((products["items"] as? [[String: Any]])?.first?["path"] as? String == "/v1/products?country=US&targetView=OnlineServices")
            let one = try await Self.journal(server, "?limit=1")
            #expect((one["items"] as? [[String: Any]])?.count == 1)
            #expect((one["totalCount"] as? Int ?? 0) >= 3)
            let key = try #require(server.server.newAdminKey)
            for bad in ["?status=abc", "?status=42", "?limit=0", "?limit=5000"] {
                try await server.call(.get, "/_admin/requests\(bad)", token: nil, headers: [.authorization: "Bearer \(key)"]).expectFault(
                    .badRequest, code: 800002)
            }
            // Reading the journal is not journalled.
            let all = try await Self.journal(server, "?path=_admin/requests")
            #expect(all["totalCount"] as? Int == 0)
        }
    }

    @Test func theJournalStaysWithinItsEntriesAndBytes() async throws {
        try await TestServer.run(configure: {
            $0.journalEntries = 5
            $0.journalBytes = 64 * 1024
        }) { server in
            let large = #"{"lineItems":[{"catalogItemId":""# + String(repeating: "x", count: 60_000) + #"","quantity":1}]}"#
            for _ in 0..<12 {
                _ = try await server.call(.post, "\(Self.customer)/carts", body: large)
                _ = try await server.call(.get, Self.customer)
            }
            let listing = try await Self.journal(server)
            #expect((listing["keptEntries"] as? Int ?? 99) <= 5)
            #expect((listing["keptBytes"] as? Int ?? .max) <= 64 * 1024)
            let items = try #require(listing["items"] as? [[String: Any]])
            let sequences = items.compactMap { $0["sequence"] as? Int }
            #expect(sequences == sequences.sorted(by: >), "newest first")
            #expect(items.contains { $0["truncated"] as? Bool == true }, "a 60 KB body is cut at 16 KiB")
        }
    }

    @Test func aBodyIsReadOnlyWhenItsHandlerReadsIt() async throws {
        try await TestServer.run { server in
            let body = #"{"lineItems":[{"catalogItemId":"MS-AZR-0145P","quantity":1}]}"#
            // Refused before any handler reads the body: the journal has not read it either.
            try await server.call(.post, "\(Self.customer)/carts", token: nil, body: body).expectFault(.unauthorized, code: 800001)
            // Over the server's limit: refused with 413 by the handler, as without the journal.
            let large = "{\"pad\":\"" + String(repeating: "x", count: 1 << 20) + "\"}"
            try await server.call(.post, "\(Self.customer)/carts", body: large).expectFault(.contentTooLarge, code: 800002)
            let items = try #require(try await Self.journal(server)["items"] as? [[String: Any]])
            let refused = try #require(items.first { $0["status"] as? Int == 401 })
            #expect(refused["requestBody"] as? String == "")
            let tooLarge = try #require(items.first { $0["status"] as? Int == 413 })
            #expect(tooLarge["truncated"] as? Bool == true)
        }
    }

    @Test func aServerWithTheJournalOffSaysSo() async throws {
        try await TestServer.run(configure: { $0.journalEntries = 0 }) { server in
            _ = try await server.call(.get, Self.customer)
            let listing = try await Self.journal(server)
            #expect(listing["enabled"] as? Bool == false)
            #expect((listing["items"] as? [Any])?.isEmpty == true)
        }
    }
}

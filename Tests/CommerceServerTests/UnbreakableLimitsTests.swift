import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// Lists are paged, token endpoints are throttled, and a production store has no public credentials (issue 9).
@Suite struct UnbreakableLimitsTests {
    static let customer = "/v1/customers/\(DemoData.customerID)"

    /// Follows `links.next` from `first`, returning every item's id in order.
    static func allPages(_ server: TestServer, _ first: String) async throws -> (ids: [String], pages: Int) {
        var ids: [String] = []
        var pages = 0
        var next: String? = first
        while let uri = next {
            let page = try await server.call(.get, uri)
            #expect(page.status == .ok, "\(page.text)")
            let body = try page.json()
            ids += (body["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            pages += 1
            next = ((body["links"] as? [String: Any])?["next"] as? [String: Any])?["uri"] as? String
            next = next.map { "/v1" + $0 }
            if pages > 50 { break }
        }
        return (ids, pages)
    }

    @Test(arguments: TestEngine.all) func ordersAndSubscriptionsArePaged(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine, configure: { $0.fulfilmentDelay = 0 }) { server in
            let checkout = try await server.call(.post, "\(Self.customer)/carts/\(DemoData.cartID)/checkout")
            #expect(checkout.status == .created)
            let all = try await server.call(.get, "\(Self.customer)/orders").json()
            #expect(all["totalCount"] as? Int == 3)
            let orderIDs = (all["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            let paged = try await Self.allPages(server, "\(Self.customer)/orders?size=1")
            #expect(paged.ids == orderIDs, "one at a time, in placement order")
            #expect(paged.pages == 3)
            let first = try await server.call(.get, "\(Self.customer)/orders?size=2").json()
            #expect(first["totalCount"] as? Int == 3)
            #expect((first["items"] as? [Any])?.count == 2)
            try await eventually { try await server.call(.get, "\(Self.customer)/subscriptions").json()["totalCount"] as? Int ?? 0 >= 4 }
            let subscriptions = try await Self.allPages(server, "\(Self.customer)/subscriptions?size=1")
            #expect(Set(subscriptions.ids).count == subscriptions.ids.count)
            #expect(subscriptions.ids.count == (try await server.call(.get, "\(Self.customer)/subscriptions").json()["totalCount"] as? Int))
            // A page never holds more than the maximum, whatever is asked for.
            let huge = try await server.call(.get, "\(Self.customer)/orders?size=99999999999999999999")
            try huge.expectFault(.badRequest, code: 3000)
            let capped = try await server.call(.get, "\(Self.customer)/orders?size=100000").json()
            #expect(
                ((capped["links"] as? [String: Any])?["self"] as? [String: Any])?["uri"] as? String
                    == "/customers/\(DemoData.customerID)/orders?size=\(Store.maximumPageSize)")
            for bad in ["size=0", "size=-1", "size=abc", "continuationToken=nope"] {
                try await server.call(.get, "\(Self.customer)/orders?\(bad)").expectFault(.badRequest, code: bad.hasPrefix("size") ? 3000 : 800002)
                try await server.call(.get, "\(Self.customer)/subscriptions?\(bad)").expectFault(
                    .badRequest, code: bad.hasPrefix("size") ? 3000 : 800002)
            }
            try await server.call(.get, "\(Self.customer)/subscriptions?order_id=%3Cscript%3E").expectFault(.badRequest, code: 3000)
        }
    }

    @Test func theTokenEndpointIsThrottledPerClientAndPerAddress() async throws {
        try await TestServer.run(configure: { $0.throttling = ThrottlePolicy(tokenRequestsPerMinute: 3) }) { server in
            let grant = [("grant_type", "client_credentials"), ("resource", TokenEndpointTests.resource)] + TokenEndpointTests.app
            for _ in 0..<3 { #expect(try await server.token(TokenEndpointTests.v1, grant).status == .ok) }
            let refused = try await server.token(TokenEndpointTests.v1, grant)
            #expect(refused.status == .tooManyRequests)
            #expect(Int(refused.headers[.retryAfter] ?? "") ?? 0 >= 1)
            let body = try refused.json()
            #expect(body["error"] as? String == "temporarily_unavailable")
            #expect((body["error_codes"] as? [Int]) == [90055])
            // Another client id from the same address is refused too: the address has its own bucket.
            let other = try await server.token(TokenEndpointTests.v1, [("grant_type", "client_credentials"), ("client_id", UUID().uuidString)])
            #expect(other.status == .tooManyRequests)
        }
    }

    @Test(arguments: TestEngine.all) func aNoDemoStoreHasNoPublicCredentials(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine, seedDemoData: false) { server in
            #expect(try await server.server.store.partner(tenantID: DemoData.partner.tenantID) == nil)
            #expect(try await DemoData.publicCredentialsExist(in: server.server.store) == false)
            let appOnly = try await server.token(
                TokenEndpointTests.v1, [("grant_type", "client_credentials"), ("resource", TokenEndpointTests.resource)] + TokenEndpointTests.app
            )
            #expect(appOnly.status == .badRequest)
            #expect(try appOnly.json()["access_token"] == nil)
            // Not through /common either, where the tenant comes from the app.
            let common = try await server.token(
                "/common/oauth2/token", [("grant_type", "client_credentials"), ("resource", TokenEndpointTests.resource)] + TokenEndpointTests.app
            )
            #expect(try common.json()["error"] as? String == "unauthorized_client")
            let password = try await server.token(
                TokenEndpointTests.v1, [("grant_type", "password"), ("resource", TokenEndpointTests.resource)] + TokenEndpointTests.user
            )
            #expect(password.status != .ok)
            #expect(try password.json()["access_token"] == nil)
        }
    }

    @Test func aStoreThatFirstStartedWithoutDemoNeverGetsIt() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await TestServer.run(seedDemoData: false, folder: folder) { _ in }
        try await TestServer.run(seedDemoData: true, folder: folder) { server in
            let store = server.server.store
            let exposed = try await DemoData.publicCredentialsExist(in: store)
            #expect(!exposed)
            let customer = try await store.customer(id: DemoData.customerID, partnerID: DemoData.partner.tenantID)
            #expect(customer == nil)
        }
    }

    @Test func demoCredentialsAreRefusedOnAnAddressOthersCanReach() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var configuration = ServerConfiguration(host: "0.0.0.0", port: 0, store: .sqlite(directory: folder))
        do {
            _ = try await PartnerCommerceServer.prepare(configuration)
            Issue.record("a demo store started on 0.0.0.0")
        } catch let refusal as StartupRefusal {
            #expect(refusal.description.contains("--allow-demo-credentials"))
            #expect(!refusal.description.contains("\n"))
        }
        configuration.allowDemoCredentials = true
        let allowed = try await PartnerCommerceServer.prepare(configuration)
        await allowed.store.close()
        for host in ["127.0.0.1", "127.8.9.10", "localhost", "::1", "[::1]"] {
            configuration = ServerConfiguration(host: host, port: 0, store: .sqlite(directory: folder))
            let local = try await PartnerCommerceServer.prepare(configuration)
            await local.store.close()
        }
    }
}

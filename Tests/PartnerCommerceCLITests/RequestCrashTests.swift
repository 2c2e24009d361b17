import CommerceStore
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A node killed around the commit of a write that carries `MS-RequestId`, for every `/v1` write route, on both
/// engines (issue 10, item 2): the retry with the same id, after a restart, either replays the answer (the write
/// committed) or runs for the first time (it did not) — never both, never neither.
///
/// The node runs with `PARTNER_COMMERCE_FAULT_POINTS=1`, so the `PartnerCommerce-Fault` header kills it with
/// SIGKILL just before `COMMIT` (`before-commit`) or once the write has committed, before the answer is sent
/// (`after-commit`).
@Suite(.serialized) struct RequestCrashTests {
    static let points = ["after-commit", "before-commit"]
    static let customer = "/v1/customers/\(Nodes.customer)"

    /// A node that can be killed and started again on the same store.
    final class Node: @unchecked Sendable {
        let folder: String
        let serve: [String]
        var served: CLITests.Served

        init(folder: String, serve: [String]) async throws {
            self.folder = folder
            self.serve = serve
            served = try await CLITests.Served.start(dataDir: folder, extra: serve, environment: ["PARTNER_COMMERCE_FAULT_POINTS": "1"])
        }

        func restart() async throws {
            served = try await CLITests.Served.start(dataDir: folder, extra: serve, environment: ["PARTNER_COMMERCE_FAULT_POINTS": "1"])
        }
    }

    @Test(arguments: CrashTests.engines, points)
    func aWriteAndItsAnswerCommitTogetherOrNotAtAll(_ engine: String, _ point: String) async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let url = engine == "postgres" ? try await Nodes.freshPostgresDatabase() : nil
        let node = try await Node(folder: folder, serve: url.map { ["--database-url", $0] } ?? [])
        let token = try await Nodes.token(Nodes.storeArguments(folder: folder, databaseURL: url))

        let adminKey = try #require(node.served.adminKey)

        /// Sends the request with the fault armed (the node dies), restarts the node, sends it again with the same
        /// `MS-RequestId`, and once more; returns the retry's answer. Admin paths go with the admin key.
        func crashThenRetry(_ method: String, _ path: String, body: String, expect status: Int = 201) async throws -> (status: Int, body: String) {
            let requestID = UUID().uuidString
            let token = path.hasPrefix("/_admin") ? adminKey : token
            let crashed = await Nodes.exchange(
                method, node.served.base + path, token: token, body: body, headers: ["MS-RequestId": requestID, "PartnerCommerce-Fault": point]
            )
            #expect(crashed == nil, "the node died before answering \(method) \(path)")
            await node.served.process.exited()
            #expect(node.served.process.wasSignalled)
            try await node.restart()
            let retry = try #require(
                await Nodes.exchange(method, node.served.base + path, token: token, body: body, headers: ["MS-RequestId": requestID]))
            let again = try #require(
                await Nodes.exchange(method, node.served.base + path, token: token, body: body, headers: ["MS-RequestId": requestID]))
            #expect(retry.status == status, "\(method) \(path) after a crash \(point): \(retry.body)")
            // After the commit, the answer was kept with the write: the retry replays it. Before it, nothing was
            // written: the retry runs for the first time, and its answer is what later retries replay.
            #expect((retry.headers["ms-idempotent-replay"] == "true") == (point == "after-commit"), "\(method) \(path): \(retry.headers)")
            #expect(again.status == retry.status && again.body == retry.body && again.headers["ms-idempotent-replay"] == "true")
            return (retry.status, retry.body)
        }

        let domain = "crash-\(UUID().uuidString.prefix(8).lowercased()).onmicrosoft.com"
        let newCustomer = #"""
            {"companyProfile":{"domain":"\#(domain)","companyName":"Crash"},"billingProfile":{"email":"admin@\#(domain)","companyName":"Crash",
             "defaultAddress":{"country":"US","city":"Redmond","state":"WA","addressLine1":"1 Main St","postalCode":"98052"}}}
            """#
        _ = try await crashThenRetry("POST", "/v1/customers", body: newCustomer)

        let cartBody =
            #"{"lineItems":[{"catalogItemId":"CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P","quantity":3,"billingCycle":"monthly","termDuration":"P1M"}]}"#
        let created = try await crashThenRetry("POST", "\(Self.customer)/carts", body: cartBody)
        let cartID = try #require(Nodes.json(created.body)["id"] as? String)

        let changed = cartBody.replacingOccurrences(of: #""quantity":3"#, with: #""quantity":7"#)
        let updated = try await crashThenRetry("PUT", "\(Self.customer)/carts/\(cartID)", body: changed)
        #expect(((Nodes.json(updated.body)["lineItems"] as? [[String: Any]])?.first?["quantity"] as? Int) == 7)

        let checkedOut = try await crashThenRetry("POST", "\(Self.customer)/carts/\(cartID)/checkout", body: "")
        #expect((Nodes.json(checkedOut.body)["orders"] as? [Any])?.count == 1)

        // The admin API's writes, whose answers can carry a secret.
        let partner = try await crashThenRetry("POST", "/_admin/partners", body: #"{"name":"Crash Partner"}"#)
        let tenant = try #require(Nodes.json(partner.body)["tenantId"] as? String)
        let app = try await crashThenRetry("POST", "/_admin/partners/\(tenant)/applications", body: #"{"displayName":"Crash app"}"#)
        #expect((Nodes.json(app.body)["clientSecret"] as? String)?.isEmpty == false, "the retry still shows the secret")
        let clientID = try #require(Nodes.json(app.body)["clientId"] as? String)
        let user = #"{"userPrincipalName":"crash@\#(domain)","roles":["AdminAgent"]}"#
        #expect((Nodes.json(try await crashThenRetry("POST", "/_admin/partners/\(tenant)/users", body: user).body)["password"] as? String) != nil)
        _ = try await crashThenRetry("PATCH", "/_admin/partners/\(tenant)", body: #"{"disabled":false}"#, expect: 200)
        _ = try await crashThenRetry("DELETE", "/_admin/partners/\(tenant)/applications/\(clientID)", body: "", expect: 204)
        _ = try await crashThenRetry("POST", "/_admin/signing-keys/rotate", body: "")
        _ = await node.served.stop(SIGTERM)

        // What the store holds: the demo customer and cart, and exactly one of each thing the retries made.
        let store = try await Nodes.openStore(folder: folder, databaseURL: url)
        let contents = try await store.contents()
        let orders = try await store.orderCount(cartID: cartID)
        await store.close()
        #expect(contents["customers"]?.filter { $0.contains(domain) }.count == 1, "one customer")
        #expect(contents["carts"]?.count == 2, "the demo cart and one new cart")
        #expect(orders == 1, "one order")
        #expect(contents["partners"]?.count == 2 && contents["applications"]?.count == 2, "the demo partner and app, one new each")
        #expect(contents["partner_users"]?.count == 2 && contents["signing_keys"]?.count == 2, "one new user, one rotation")
        #expect(contents["idempotency_records"]?.count == 10, "one record per write")
    }
}

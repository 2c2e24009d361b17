import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// `MS-RequestId` on the admin API's writes (issue 10): a repeat replays the first answer, secret included, and the
/// store never holds that secret in clear: the kept answer is sealed under the admin key that made the request.
@Suite struct AdminIdempotencyTests {
    static let apps = "/_admin/partners/\(DemoData.partner.tenantID)/applications"

    @Test(arguments: TestEngine.all) func aRepeatedAppCreationReplaysTheSameAppAndSecret(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let key = try #require(server.server.newAdminKey)
            let requestID = UUID().uuidString
            let headers: HTTPFields = [.authorization: "Bearer \(key)", .msRequestID: requestID]
            let body = #"{"displayName":"Billing sync"}"#
            let first = try await server.call(.post, Self.apps, token: nil, body: body, headers: headers)
            let second = try await server.call(.post, Self.apps, token: nil, body: body, headers: headers)
            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(second.text == first.text, "the same app and the same secret")
            #expect(second.headers[.idempotentReplay] == "true")
            let secret = try #require(try first.json()["clientSecret"] as? String)
            let listed = try await server.call(.get, Self.apps, token: nil, headers: [.authorization: "Bearer \(key)"]).json()
            #expect((listed["items"] as? [[String: Any]])?.filter { $0["displayName"] as? String == "Billing sync" }.count == 1)
            let records = try await server.server.store.contents()["idempotency_records"] ?? []
            #expect(records.count == 1)
            #expect(!records.contains { $0.contains(secret) }, "the secret is not kept in clear")
            // The same id for another request is refused.
            try await server.call(.post, Self.apps, token: nil, body: #"{"displayName":"Other"}"#, headers: headers).expectFault(
                .conflict, code: 800002)
        }
    }

    @Test(arguments: TestEngine.all) func aKeptAnswerOpensOnlyUnderTheAdminKeyThatMadeIt(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let key = try #require(server.server.newAdminKey)
            let requestID = UUID().uuidString
            let rotate = "/_admin/signing-keys/rotate"
            let first = try await server.call(.post, rotate, token: nil, headers: [.authorization: "Bearer \(key)", .msRequestID: requestID])
            #expect(first.status == .created)
            let newKey = try await AdminKey.reset(in: server.server.store)
            try await server.call(.post, rotate, token: nil, headers: [.authorization: "Bearer \(newKey)", .msRequestID: requestID])
                .expectFault(.conflict, code: 800002)
            let keys = try await server.call(.get, "/_admin/signing-keys", token: nil, headers: [.authorization: "Bearer \(newKey)"]).json()
            #expect(keys["totalCount"] as? Int == 2, "rotated once, not twice")
        }
    }
}

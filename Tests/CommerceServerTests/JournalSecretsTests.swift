import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// The journal keeps no secret whatever the spelling (issue 26, points 8 and 10).
@Suite struct JournalSecretsTests {
    /// Sends one raw request (the path exactly as given) and reads the answer to its end.
    static func raw(_ server: TestServer, _ method: String, _ target: String, headers: String = "", body: String = "") async throws -> String {
        let socket = try RawSocket(port: try #require(server.client.port))
        let length = body.isEmpty ? "" : "Content-Length: \(body.utf8.count)\r\n"
        await socket.send("\(method) \(target) HTTP/1.1\r\nHost: x\r\n\(headers)\(length)Connection: close\r\n\r\n\(body)")
        return await socket.readToEnd()
    }

    static func journalText(_ server: TestServer) async throws -> String {
        try await server.admin(.get, "/_admin/requests").text
    }

    @Test func theDashboardKeyIsLeftOutHoweverThePathIsSpelt() async throws {
        try await TestServer.run { server in
            let key = try #require(server.server.newAdminKey)
            for path in ["//_admin/ui", "/%5Fadmin/ui", "/%5fADMIN/Ui", "/./_admin/ui", "/_ADMIN/UI/", "/v1/../_admin/ui", "///_admin//ui"] {
                _ = try await Self.raw(server, "GET", "\(path)?key=\(key)")
            }
            // Any other path carrying the key keeps the request, with the key masked.
            _ = try await Self.raw(server, "GET", "/v1/customers?key=\(key)&size=1")
            let journal = try await Self.journalText(server)
            #expect(!journal.contains(key), "the admin key is in the journal")
            #expect(journal.contains("key=[redacted]&size=1"), "\(journal.prefix(2_000))")
        }
    }

    @Test func aBodyThatIsNeitherJSONNorAFormIsKeptAsItsLengthAndHash() async throws {
        try await TestServer.run { server in
            let secret = "s3cr3t-\(UUID().uuidString)"
            let tenant = "/\(DemoData.partner.tenantID)/oauth2/token"
            let tail = "grant_type=client_credentials&client_id=\(DemoData.applicationID)&client_secret=\(secret)"
            // No Content-Type, a form that begins like JSON: once shown in clear, read as broken JSON.
            for body in ["{&\(tail)", "{=1&\(tail)", "[\(tail)", "{\"client_secret\": \"\(secret)\" &\(tail)"] {
                _ = try await Self.raw(server, "POST", tenant, body: body)
            }
            _ = try await Self.raw(server, "POST", tenant, headers: "Content-Type: text/plain\r\n", body: "plain \(secret)")
            let journal = try await Self.journalText(server)
            #expect(!journal.contains(secret), "a secret is in the journal")
            #expect(journal.contains("[not JSON or a form: \("plain \(secret)".utf8.count) bytes, sha256 "), "\(journal.prefix(3_000))")
        }
    }
}

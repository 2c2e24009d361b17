import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Commands that open the store run on the clock its nodes share (issue 22): after `POST /_admin/clock` moves the
/// server's time, what they mint, sign and stamp is judged by the server on that time and must hold.
@Suite(.serialized) struct MovedClockCLITests {
    /// Sends JSON to an admin route and returns the status and the answer's object.
    static func admin(_ method: String, _ url: String, key: String, body: String? = nil) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.utf8)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let object = (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, object)
    }

    static func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    @Test func everyCommandThatOpensTheStoreFollowsTheServersMovedClock() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let served = try await CLITests.Served.start(dataDir: folder)
        defer { served.stopInBackground() }
        let key = try #require(served.adminKey)
        let (moved, clock) = try await Self.admin("POST", served.base + "/_admin/clock", key: key, body: #"{"advance": "P6D"}"#)
        #expect(moved == 200, "\(clock)")
        let serverNow = try #require((clock["now"] as? String).flatMap { ISO8601DateFormatter().date(from: String($0.prefix(19)) + "Z") })
        #expect(serverNow.timeIntervalSinceNow > 5 * 86_400)

        // `token`: its iat/exp are the server's, so the server takes it.
        let minted = try await CLITests.run(["token", "--data-dir", folder])
        #expect(minted.status == 0, "\(minted.stderr)")
        let (read, readBody) = try await CLITests.get(
            served.base + "/v1/customers/d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d", token: Self.trimmed(minted.stdout))
        #expect(read == 200, "\(readBody)")

        // `partners`, `apps`, `users`: made on the server's time, and their sign-ins work.
        let tenant = Self.trimmed(try await CLITests.run(["partners", "create", "--name", "Northwind", "--data-dir", folder]).stdout)
        let app = IdentityCLITests.values(try await CLITests.run(["apps", "create", "--partner", tenant, "--data-dir", folder]).stdout)
        let clientID = try #require(app["client_id"])
        let secret = try #require(app["client_secret"])
        let user = try await CLITests.run([
            "users", "create", "--partner", tenant, "--upn", "agent@northwind.example", "--password", "Northwind-Password-1", "--data-dir", folder,
        ])
        #expect(user.status == 0, "\(user.stderr)")
        let (appsStatus, apps) = try await Self.admin("GET", served.base + "/_admin/partners/\(tenant)/applications", key: key)
        #expect(appsStatus == 200, "\(apps)")
        let created = try #require(((apps["items"] as? [[String: Any]])?.first?["createdAt"] as? String))
        let createdAt = try #require(ISO8601DateFormatter().date(from: String(created.prefix(19)) + "Z"))
        #expect(createdAt >= serverNow.addingTimeInterval(-1), "the app is stamped on the server's time: \(created)")
        let (granted, grant) = try await IdentityCLITests.postForm(
            served.base + "/\(tenant)/oauth2/v2.0/token",
            [
                ("grant_type", "password"), ("scope", "\(IdentityCLITests.resource)/user_impersonation"), ("client_id", clientID),
                ("client_secret", secret), ("username", "agent@northwind.example"), ("password", "Northwind-Password-1"),
            ]
        )
        #expect(granted == 200, "\(grant)")
        let userToken = try await CLITests.run(["token", "--partner", tenant, "--user", "agent@northwind.example", "--data-dir", folder])
        #expect(try await CLITests.get(served.base + "/v1/customers", token: Self.trimmed(userToken.stdout)).0 == 200)

        // `keys rotate`: the old key is retired on the server's time, so the tokens it signed keep working until
        // they expire; the new key is the newest the server holds, so it signs from now on.
        let before = Self.trimmed(try await CLITests.run(["token", "--data-dir", folder]).stdout)
        let rotated = try await CLITests.run(["keys", "rotate", "--data-dir", folder])
        #expect(rotated.status == 0, "\(rotated.stderr)")
        let kid = Self.trimmed(rotated.stdout)
        let after = Self.trimmed(try await CLITests.run(["token", "--data-dir", folder]).stdout)
        var accepted = false
        for _ in 0..<80 where !accepted {
            accepted = try await CLITests.get(served.base + "/v1/customers", token: after).0 == 200
            if !accepted { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(accepted, "the server reloads its keys and takes the new key's token")
        let (old, oldBody) = try await CLITests.get(served.base + "/v1/customers", token: before)
        #expect(old == 200, "a token of the retired key still works: \(oldBody)")
        let (_, keys) = try await Self.admin("GET", served.base + "/_admin/signing-keys", key: key)
        let current = (keys["items"] as? [[String: Any]])?.first { $0["current"] as? Bool == true }
        #expect(current?["kid"] as? String == kid, "\(keys)")
    }
}

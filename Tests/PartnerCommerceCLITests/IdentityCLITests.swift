import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

#if canImport(Glibc)
    import Glibc
#endif

/// Partners, apps, users and keys from the command line, and what the server writes to its log (issue 4).
@Suite(.serialized) struct IdentityCLITests {
    static let resource = "https://api.partnercenter.microsoft.com"

    /// Posts a form and returns the status and the JSON object answered.
    static func postForm(_ url: String, _ fields: [(String, String)]) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(
            fields.map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $1)" }.joined(separator: "&").utf8
        )
        let (data, response) = try await URLSession.shared.data(for: request)
        let object = (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, object)
    }

    /// `key=value` lines printed by a command.
    static func values(_ text: String) -> [String: String] {
        Dictionary(
            text.split(separator: "\n").compactMap { line in
                line.firstIndex(of: "=").map { (String(line[..<$0]), String(line[line.index(after: $0)...])) }
            }, uniquingKeysWith: { first, _ in first })
    }

    @Test func aPartnerAddedFromTheCommandLineSignsInWithItsAppAndUser() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let created = try await CLITests.run(["partners", "create", "--name", "Fabrikam", "--mpn-id", "4711", "--data-dir", folder])
        #expect(created.status == 0, "\(created.stderr)")
        let tenant = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(UUID(uuidString: tenant) != nil)
        let listed = try await CLITests.run(["partners", "list", "--data-dir", folder])
        #expect(listed.stdout.contains("\(tenant)\tactive\t4711\tFabrikam"))
        let app = Self.values(try await CLITests.run(["apps", "create", "--partner", tenant, "--data-dir", folder]).stdout)
        let clientID = try #require(app["client_id"])
        let secret = try #require(app["client_secret"])
        let user = try await CLITests.run([
            "users", "create", "--partner", tenant, "--upn", "sales@fabrikam.example", "--role", "sales-agent", "--data-dir", folder,
        ])
        #expect(user.status == 0, "\(user.stderr)")
        let password = try #require(Self.values(user.stdout)["password"])
        #expect(
            try await CLITests.run(["users", "create", "--partner", tenant, "--upn", "sales@fabrikam.example", "--data-dir", folder]).status != 0)
        #expect(try await CLITests.run(["apps", "create", "--partner", UUID().uuidString, "--data-dir", folder]).status != 0)

        let served = try await CLITests.Served.start(dataDir: folder)
        defer { served.stopInBackground() }
        let (status, body) = try await Self.postForm(
            served.base + "/\(tenant)/oauth2/token",
            [("grant_type", "client_credentials"), ("resource", Self.resource), ("client_id", clientID), ("client_secret", secret)]
        )
        #expect(status == 200, "\(body)")
        let (userStatus, userBody) = try await Self.postForm(
            served.base + "/\(tenant)/oauth2/v2.0/token",
            [
                ("grant_type", "password"), ("scope", "\(Self.resource)/user_impersonation"), ("client_id", clientID),
                ("username", "sales@fabrikam.example"), ("password", password),
            ]
        )
        #expect(userStatus == 200, "\(userBody)")
        // The CLI mints App+User tokens for a partner's user too.
        let minted = try await CLITests.run(["token", "--partner", tenant, "--user", "sales@fabrikam.example", "--data-dir", folder])
        let (customers, _) = try await CLITests.get(
            served.base + "/v1/customers", token: minted.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(customers == 200)

        // keys rotate: the running server accepts both the old and the new key's tokens.
        let before = try await CLITests.run(["token", "--data-dir", folder]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await CLITests.run(["keys", "rotate", "--data-dir", folder]).status == 0)
        let after = try await CLITests.run(["token", "--data-dir", folder]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await CLITests.get(served.base + "/v1/customers", token: before).0 == 200)
        // The server meets the new kid; it reloads keys at most every 5 s, so retry for a while.
        var accepted = false
        for _ in 0..<80 where !accepted {
            accepted = try await CLITests.get(served.base + "/v1/customers", token: after).0 == 200
            if !accepted { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(accepted)
    }

    @Test func theAdminKeyIsPrintedOnceAndCanBeReset() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try await CLITests.Served.start(dataDir: folder)
        let key = try #require(first.adminKey)
        #expect(key.hasPrefix("pcadmin_"))
        var request = URLRequest(url: URL(string: first.base + "/_admin/partners")!)
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(await first.stop(SIGTERM) == 0)
        let second = try await CLITests.Served.start(dataDir: folder)
        #expect(second.adminKey == nil, "shown once")
        let reset = try await CLITests.run(["admin-key", "reset", "--data-dir", folder])
        let newKey = reset.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(newKey.hasPrefix("pcadmin_") && newKey != key)
        let (old, _) = try await CLITests.get(second.base + "/_admin/partners", token: key)
        #expect(old == 401)
        let (fresh, _) = try await CLITests.get(second.base + "/_admin/partners", token: newKey)
        #expect(fresh == 200)
        #expect(await second.stop(SIGTERM) == 0)
    }

    @Test func secretsAndTokensNeverReachTheLog() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let log = folder + "/stderr.log"
        let served = try await CLITests.Served.start(dataDir: folder, errorLog: log, environment: ["LOG_LEVEL": "trace"])
        let adminKey = try #require(served.adminKey)
        let tenant = "4f9c2a71-8d3e-4b5a-9c6f-1e2d3c4b5a69"
        let app = [("client_id", "7b1d3e58-2c4f-4a6b-9d8e-0f1a2b3c4d5e"), ("client_secret", "demo-client-secret-do-not-use-in-production")]
        let (_, appToken) = try await Self.postForm(
            served.base + "/\(tenant)/oauth2/token", [("grant_type", "client_credentials"), ("resource", Self.resource)] + app)
        let (_, userToken) = try await Self.postForm(
            served.base + "/\(tenant)/oauth2/token",
            [
                ("grant_type", "password"), ("resource", Self.resource), ("username", "admin@contosopartnerdemo.onmicrosoft.com"),
                ("password", "Demo-Partner-Password-1"),
            ] + app
        )
        _ = try await Self.postForm(
            served.base + "/\(tenant)/oauth2/token",
            [("grant_type", "client_credentials"), ("resource", Self.resource), ("client_id", app[0].1), ("client_secret", "wrong-secret-value")])
        let access = try #require(appToken["access_token"] as? String)
        let refresh = try #require(userToken["refresh_token"] as? String)
        _ = try await CLITests.get(served.base + "/v1/customers", token: access)
        _ = try await CLITests.get(served.base + "/v1/customers/not-a-guid", token: access)
        _ = try await CLITests.get(served.base + "/_admin/partners", token: adminKey)
        _ = try await CLITests.get(served.base + "/_admin/partners", token: "pcadmin_wrong-admin-key")
        #expect(await served.stop(SIGTERM) == 0)
        let output = served.output
        let rest = try await offThePool { String(decoding: output.readDataToEndOfFile(), as: UTF8.self) }
        let written = (try String(contentsOfFile: log, encoding: .utf8)) + rest
        #expect(written.contains("token request refused"), "the log is being written at trace level")
        for secret in [
            app[1].1, "wrong-secret-value", "Demo-Partner-Password-1", access, String(access.prefix(40)), refresh, adminKey,
            "pcadmin_wrong-admin-key",
        ] {
            #expect(!written.contains(secret), "the log holds a secret: \(secret.prefix(12))…")
        }
    }
}

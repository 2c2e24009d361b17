import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

#if canImport(Glibc)
    import Glibc
#endif

/// A production store has no public credentials, and a demo store stays on loopback (issue 9).
@Suite(.serialized) struct ProductionSafetyCLITests {
    static let demoTenant = "4f9c2a71-8d3e-4b5a-9c6f-1e2d3c4b5a69"
    static let demoApp = [("client_id", "7b1d3e58-2c4f-4a6b-9d8e-0f1a2b3c4d5e"), ("client_secret", "demo-client-secret-do-not-use-in-production")]
    static let resource = "https://api.partnercenter.microsoft.com"

    @Test func aNoDemoStoreRefusesTheReadmesCredentialsAndTakesItsFirstPartnerFromTheCLI() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let served = try await CLITests.Served.start(dataDir: folder, extra: ["--no-demo"])
        defer { served.stopInBackground() }
        for path in ["/\(Self.demoTenant)/oauth2/token", "/common/oauth2/token"] {
            let (status, body) = try await IdentityCLITests.postForm(
                served.base + path, [("grant_type", "client_credentials"), ("resource", Self.resource)] + Self.demoApp
            )
            #expect(status == 400, "\(path): \(body)")
            #expect(body["access_token"] == nil)
        }
        let (userStatus, _) = try await IdentityCLITests.postForm(
            served.base + "/common/oauth2/token",
            [
                ("grant_type", "password"), ("resource", Self.resource), ("client_id", "7b1d3e58-2c4f-4a6b-9d8e-0f1a2b3c4d5e"),
                ("username", "admin@contosopartnerdemo.onmicrosoft.com"), ("password", "Demo-Partner-Password-1"),
            ]
        )
        #expect(userStatus == 400)
        // `token` has no demo partner to sign for.
        #expect(try await CLITests.run(["token", "--data-dir", folder]).status != 0)
        // The first partner is made with the CLI, and its app signs in.
        let created = try await CLITests.run(["partners", "create", "--name", "Production", "--data-dir", folder])
        #expect(created.status == 0, "\(created.stderr)")
        let tenant = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let app = IdentityCLITests.values(try await CLITests.run(["apps", "create", "--partner", tenant, "--data-dir", folder]).stdout)
        let (status, body) = try await IdentityCLITests.postForm(
            served.base + "/\(tenant)/oauth2/token",
            [
                ("grant_type", "client_credentials"), ("resource", Self.resource), ("client_id", try #require(app["client_id"])),
                ("client_secret", try #require(app["client_secret"])),
            ]
        )
        #expect(status == 200, "\(body)")
        // Starting again without the flag does not bring the demo partner back.
        _ = await served.stop(SIGTERM)
        let again = try await CLITests.Served.start(dataDir: folder)
        defer { again.stopInBackground() }
        let (later, _) = try await IdentityCLITests.postForm(
            again.base + "/\(Self.demoTenant)/oauth2/token", [("grant_type", "client_credentials"), ("resource", Self.resource)] + Self.demoApp
        )
        #expect(later == 400)
    }

    @Test func aDemoStoreWillNotListenBeyondLoopbackUnlessAllowed() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let refused = try await CLITests.run(["serve", "--host", "0.0.0.0", "--port", "0", "--data-dir", folder])
        #expect(refused.status == 1)
        let lines = refused.stderr.split(separator: "\n").filter { !$0.contains(" info ") && !$0.contains(" debug ") }
        #expect(lines.count == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("--allow-demo-credentials"))
        #expect(!refused.stdout.contains("listening on"))
        let allowed = try await CLITests.Served.start(dataDir: folder, extra: ["--host", "0.0.0.0", "--allow-demo-credentials"])
        #expect(allowed.base.hasPrefix("http://0.0.0.0:"))
        #expect(await allowed.stop(SIGTERM) == 0)
        // A store made with --no-demo may listen anywhere.
        let production = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: production) }
        let open = try await CLITests.Served.start(dataDir: production, extra: ["--host", "0.0.0.0", "--no-demo"])
        #expect(await open.stop(SIGTERM) == 0)
    }

    /// Every input the fuzzer was seeded with or found a crash with runs through the readers again.
    @Test func theFuzzCorpusAndEveryCrashFoundReplayCleanly() async throws {
        let process = try ChildProcess(
            CLITests.root.appendingPathComponent(".build/debug/partner-commerce-fuzz").path,
            ["Fuzz/corpus", "Fuzz/crashes"].map { CLITests.root.appendingPathComponent($0).path },
            environment: ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { $1 }, output: .pipe
        )
        let output = try await offThePool { String(decoding: process.standardOutput?.readDataToEndOfFile() ?? Data(), as: UTF8.self) }
        #expect(await process.exited() == 0, "\(output)")
        let count = Int(output.split(separator: " ").dropFirst().first ?? "") ?? 0
        let files = try ["Fuzz/corpus", "Fuzz/crashes"].map {
            try FileManager.default.contentsOfDirectory(atPath: CLITests.root.appendingPathComponent($0).path).count
        }
        #expect(count == files.reduce(0, +))
    }
}

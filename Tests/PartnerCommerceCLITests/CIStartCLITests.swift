import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

#if canImport(Glibc)
    import Glibc
#endif

/// `serve` as a CI job starts it (issue 27): a preset admin key, no earlier state, and a banner that says what a
/// log reader needs.
@Suite struct CIStartCLITests {
    static func admin(_ url: String, key: String, method: String = "GET", body: String? = nil) async throws -> Int {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        request.httpBody = body.map { Data($0.utf8) }
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    /// The output up to the banner's last line (the connection caps), which may have come with `listening on`.
    static func banner(_ served: CLITests.Served) async throws -> String {
        try await offThePool {
            var text = served.printed
            while !text.contains("connections: up to") {
                let chunk = served.output.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            return text
        }
    }

    @Test func anEphemeralStartWithAPresetKeyLeavesNothingBehind() async throws {
        let key = "ci-preset-admin-key-" + UUID().uuidString
        let served = try await CLITests.Served.start(
            ["serve", "--port", "0", "--ephemeral"], environment: ["PARTNER_COMMERCE_ADMIN_KEY": key, "DATABASE_URL": ""])
        defer { served.stopInBackground() }
        #expect(served.printed.contains("admin key: the one preset (PARTNER_COMMERCE_ADMIN_KEY)"), "\(served.printed)")
        let storeLine = try #require(served.printed.split(separator: "\n").first { $0.hasPrefix("store: ") }, "\(served.printed)")
        let folder = String(storeLine.dropFirst("store: ".count).prefix { $0 != " " })
        #expect(FileManager.default.fileExists(atPath: folder))
        let banner = try await Self.banner(served)
        #expect(banner.contains("dashboard: \(served.base)/_admin/ui"), "\(banner)")
        #expect(banner.contains("demo partner: tenant 4f9c2a71-8d3e-4b5a-9c6f-1e2d3c4b5a69"), "\(banner)")
        #expect(!banner.contains("clock:"), "the machine's time is not worth a line")
        #expect(try await Self.admin("\(served.base)/_admin/clock", key: key) == 200, "the preset key opens /_admin")
        #expect(try await Self.admin("\(served.base)/_admin/clock", key: "pcadmin_wrong") == 401)
        #expect(await served.stop(SIGTERM) == 0)
        #expect(!FileManager.default.fileExists(atPath: folder), "the ephemeral store is gone")
    }

    @Test func aRestartNamesTheRulesAndTheClockItKept() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let keyFile = folder + "-key"
        let key = "ci-preset-admin-key-" + UUID().uuidString
        try (key + "\n").write(toFile: keyFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: keyFile) }
        let arguments = ["serve", "--port", "0", "--data-dir", folder, "--admin-key-file", keyFile]
        let first = try await CLITests.Served.start(arguments, environment: ["DATABASE_URL": ""])
        defer { first.stopInBackground() }
        #expect(first.adminKey == nil || !first.printed.contains("shown once"), "\(first.printed)")
        let rule = #"{"operation":"checkout","fault":"throttle","retryAfter":2}"#
        #expect(try await Self.admin("\(first.base)/_admin/faults", key: key, method: "POST", body: rule) == 201)
        // Frozen first, then set: a set clock left running until the freeze would move on by the time between the two
        // calls, which a loaded machine can stretch past a second.
        #expect(try await Self.admin("\(first.base)/_admin/clock", key: key, method: "POST", body: #"{"freeze":true}"#) == 200)
        #expect(try await Self.admin("\(first.base)/_admin/clock", key: key, method: "POST", body: #"{"set":"2031-01-01T00:00:00Z"}"#) == 200)
        #expect(await first.stop(SIGTERM) == 0)

        let second = try await CLITests.Served.start(arguments, environment: ["DATABASE_URL": ""])
        defer { second.stopInBackground() }
        let banner = try await Self.banner(second)
        #expect(banner.contains("clock: frozen at 2031-01-01T00:00:00"), "\(banner)")
        #expect(banner.contains("fault rules in force: 1 (checkout: throttle)"), "\(banner)")
        #expect(await second.stop(SIGTERM) == 0)

        // A key too short to be a secret is refused before anything starts.
        try "short".write(toFile: keyFile, atomically: true, encoding: .utf8)
        let refused = try await CLITests.run(arguments)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("16 to 256 characters"), "\(refused.stderr)")
    }
}

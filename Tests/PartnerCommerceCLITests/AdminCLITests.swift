import CommerceCore
import CommerceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// `partner-commerce admin …` (issue 27) over the same routes as curl, with the key from the environment, a flag or
/// the profile.
@Suite struct AdminCLITests {
    typealias Home = ClientCLITests.Home

    @Test func theTestBenchIsDrivenFromTheCommandLine() async throws {
        let home = Home()
        defer { home.remove() }
        try await TestServer.run(clock: TravellingClock()) { server in
            let key = try #require(server.server.newAdminKey)
            let env = ["PARTNER_COMMERCE_ADMIN_KEY": key, "PARTNER_CENTER_URL": server.base]
            let missing = try await home.run(["admin", "clock", "--url", server.base])
            #expect(missing.status == 2)
            #expect(missing.stderr.contains("no admin key"), "\(missing.stderr)")

            let sandbox = try await home.run(["admin", "partners", "create", "--sandbox"], extra: env)
            #expect(sandbox.status == 0, "\(sandbox.stderr)")
            let made = try #require(try JSONSerialization.jsonObject(with: Data(sandbox.stdout.utf8)) as? [String: Any])
            let partner = try #require(made["tenantId"] as? String)
            #expect((made["application"] as? [String: Any])?["clientSecret"] is String)

            let moved = try await home.run(["admin", "clock", "--partner-id", partner, "--advance", "P10D"], extra: env)
            #expect(moved.status == 0, "\(moved.stderr)")
            #expect(moved.stdout.contains("\"settled\""), "\(moved.stdout)")
            let read = try await home.run(["admin", "clock", "--partner-id", partner], extra: env)
            #expect(read.stdout.contains("\"ownClock\" : true"), "\(read.stdout)")

            let fault = try await home.run(
                ["admin", "faults", "add", "--operation", "checkout", "--fault", "throttle", "--retry-after", "2", "--partner-id", partner],
                extra: env)
            #expect(fault.status == 0, "\(fault.stderr)")
            #expect(try await home.run(["admin", "faults", "--partner-id", partner], extra: env).stdout.contains("throttle"))
            let rule = try await home.run(["admin", "rules", "add", "--mode", "hold", "--partner-id", partner], extra: env)
            #expect(rule.status == 0, "\(rule.stderr)")
            let refused = try await home.run(["admin", "rules", "add", "--mode", "sometimes"], extra: env)
            #expect(refused.status == 4)
            #expect(refused.stderr.contains("code 800002"), "\(refused.stderr)")

            _ = try await server.call(.get, "/v1/customers/\(DemoData.customerID)", headers: [.msCorrelationID: "admin-cli"])
            let journal = try await home.run(["admin", "journal", "--correlation-id", "admin-cli", "--method", "get"], extra: env)
            #expect(journal.status == 0, "\(journal.stderr)")
            #expect(journal.stdout.contains("\"correlationId\" : \"admin-cli\""), "\(journal.stdout)")
            #expect(try await home.run(["admin", "journal", "clear"], extra: env).stdout.contains("\"removed\""))

            let reset = try await home.run(["admin", "reset", "--partner-id", partner], extra: env)
            #expect(reset.status == 0, "\(reset.stderr)")
            #expect(try await home.run(["admin", "faults", "--partner-id", partner], extra: env).stdout.contains("\"totalCount\" : 0"))
            #expect(try await home.run(["admin", "clock", "--partner-id", partner], extra: env).stdout.contains("\"ownClock\" : false"))

            // Saved once in the profile, the key is found without the environment.
            let login = try await home.run(["admin", "login", "--url", server.base, "--admin-key", key])
            #expect(login.status == 0, "\(login.stderr)")
            #expect(try await home.run(["admin", "clock"]).status == 0)
            let wrong = try await home.run(["admin", "login", "--url", server.base, "--admin-key", "pcadmin_wrong"])
            #expect(wrong.status == 4, "a wrong key is refused before it is saved: \(wrong.stderr)")
        }
    }
}

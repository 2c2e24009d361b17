import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// A token verified once is not checked again on every request (VerifiedTokens); these prove that what the cache
/// answers never outlives what the token and the store say.
@Suite struct VerifiedTokenCacheTests {
    @Test(arguments: TestEngine.all) func aRevocationByAnotherProcessIsSeenWithinTheRecheckInterval(_ engine: TestEngine) async throws {
        let clock = ManualClock(Date())
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pc-cache-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await TestServer.run(engine: engine, clock: clock, folder: folder) { server in
            #expect(try await server.call(.get, "/v1/customers").status == .ok)
            // Another process (the CLI, a second node) deletes the app: this server's store did not see it happen.
            let other = try await Store.open(engine.location(folder: folder))
            #expect(try await other.deleteApplication(clientID: DemoData.applicationID, partnerID: DemoData.partner.tenantID, at: clock.now()))
            await other.close()
            // Subjects are read again after a second of real time, whatever the server's clock says.
            try await Task.sleep(for: .milliseconds(1100))
            try await server.call(.get, "/v1/customers").expectFault(.unauthorized, code: 400)
        }
    }

    @Test func aRevocationOnThisNodeIsSeenAtOnce() async throws {
        let clock = ManualClock(Date())
        try await TestServer.run(clock: clock) { server in
            #expect(try await server.call(.get, "/v1/customers").status == .ok)
            _ = try await server.server.store.setPartnerDisabled(tenantID: DemoData.partner.tenantID, true, at: clock.now())
            try await server.call(.get, "/v1/customers").expectFault(.unauthorized, code: 400)
        }
    }

    @Test func aChangedCopyOfAVerifiedTokenIsRefused() async throws {
        try await TestServer.run { server in
            #expect(try await server.call(.get, "/v1/customers").status == .ok)
            // One character inside the signature (the last ones may carry only padding bits), then one in the claims.
            for offset in [server.token.count - 10, server.token.count / 2] {
                var altered = Array(server.token)
                altered[offset] = altered[offset] == "A" ? "B" : "A"
                try await server.call(.get, "/v1/customers", token: String(altered)).expectFault(.unauthorized, code: 400)
            }
        }
    }

    @Test func aVerifiedTokenIsRefusedWhenTheClockGoesBackBeforeItsStart() async throws {
        let clock = ManualClock(Date())
        try await TestServer.run(clock: clock) { server in
            let token = try await server.server.tokens.mint(
                partnerTenantID: DemoData.partner.tenantID, applicationID: DemoData.applicationID, objectID: DemoData.applicationID
            )
            #expect(try await server.call(.get, "/v1/customers", token: token).status == .ok)
            clock.advance(by: -400)
            let refused = try await server.call(.get, "/v1/customers", token: token)
            try refused.expectFault(.unauthorized, code: 400)
            #expect(try refused.json()["description"] as? String == "The access token is not valid yet.")
        }
    }
}

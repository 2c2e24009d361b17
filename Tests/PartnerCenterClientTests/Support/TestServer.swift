import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HummingbirdTesting
import PartnerCenterClient
import PartnerCenterModels
import Testing

/// A real server on a loopback port, on a fresh SQLite store with the demo data, for the SDK to talk to.
struct TestServer: Sendable {
    let base: String
    let server: PartnerCommerceServer
    /// An App-only token of the demo partner's app.
    let token: String

    /// A client of this server (or of `base`, e.g. a ``WireTap`` in front of it) with quick retries.
    func client(base: String? = nil, retry: RetryPolicy = RetryPolicy(baseDelay: 0.05, maxDelay: 0.2)) -> PartnerCenterClient {
        PartnerCenterClient(baseURL: base ?? self.base, retry: retry) { [token] in token }
    }

    /// Runs `body` against a fresh server; throttling is off unless a policy is given.
    static func run(
        throttling: ThrottlePolicy? = nil, placementFaults: any PlacementFaults = NoPlacementFaults(), clock: any CommerceClock = SystemClock(),
        _ body: @Sendable (TestServer) async throws -> Void
    ) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pc-client-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let server = try await PartnerCommerceServer.prepare(
            ServerConfiguration(
                port: 0, store: .sqlite(directory: folder), fulfilmentDelay: 0, throttling: throttling, placementFaults: placementFaults,
                clock: clock
            )
        )
        let token = try await server.tokens.mint(
            partnerTenantID: DemoData.partner.tenantID, applicationID: DemoData.applicationID, objectID: DemoData.applicationID
        )
        try await server.makeApplication().test(.live) { testClient in
            let port = try #require(testClient.port)
            try await body(TestServer(base: "http://127.0.0.1:\(port)", server: server, token: token))
        }
    }
}

/// Fails every order group whose label is in `groups` (a partial checkout), as Partner Center's order system can.
struct FailingGroups: PlacementFaults {
    let groups: Set<String>
    func failure(cartID: String, orderGroup: String, lines: [CartLineItem]) -> OrderError? {
        groups.contains(orderGroup) ? OrderError(orderGroupId: orderGroup, code: 800017, description: "The order group could not be placed.") : nil
    }
}

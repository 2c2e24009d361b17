import CommerceCore
import CommerceServer
import PartnerCenterClient
import TestSupport

extension TestServer {
    /// A client of this server (or of `base`, e.g. a ``WireTap`` in front of it) with quick retries.
    func client(base: String? = nil, retry: RetryPolicy = RetryPolicy(baseDelay: 0.05, maxDelay: 0.2)) -> PartnerCenterClient {
        PartnerCenterClient(baseURL: base ?? self.base, retry: retry) { [token] in token }
    }

    /// Runs `body` against a fresh server as the SDK's tests want it: throttling off unless a policy is given, and
    /// orders fulfilled at once.
    static func serving(
        throttling: ThrottlePolicy? = nil, placementFaults: any PlacementFaults = NoPlacementFaults(), clock: any CommerceClock = SystemClock(),
        _ body: @Sendable (TestServer) async throws -> Void
    ) async throws {
        try await run(clock: clock) { configuration in
            configuration.fulfilmentDelay = 0
            configuration.throttling = throttling
            configuration.placementFaults = placementFaults
        } _: { server in
            try await body(server)
        }
    }
}

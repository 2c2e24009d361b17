import CommerceCore
import CommerceStore
import Logging
import ServiceLifecycle

/// Keeps this node on the store's shared control plane (clock, fault and fulfilment rules): read at start, then once a second,
/// so a change made through another node (or by `serve --clock frozen` elsewhere) is followed here within a second.
struct ControlPlaneSync: Service {
    let store: Store
    let clock: TravellingClock?
    let faults: FaultRegistry
    let fulfilmentRules: SharedRules<FulfilmentRule>
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                if let clock {
                    let generation = clock.generation
                    clock.refresh(server: try await store.clockSetting(), partners: try await store.partnerClockSettings(), since: generation)
                }
                try await faults.refresh()
                try await fulfilmentRules.refresh()
            } catch {
                logger.warning("control plane unreadable", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(nanoseconds: 1_000_000_000)
        }
    }
}

import CommerceCore
import CommerceStore
import Logging
import ServiceLifecycle

/// Keeps this node's clock on the store's shared setting: read at start, then once a second, so a clock moved
/// through another node (or by `serve --clock frozen` elsewhere) is followed here within about a second.
struct ClockSync: Service {
    let store: Store
    let clock: TravellingClock
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                clock.apply(try await store.clockSetting())
            } catch {
                logger.warning("clock setting unreadable", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(nanoseconds: 1_000_000_000)
        }
    }
}

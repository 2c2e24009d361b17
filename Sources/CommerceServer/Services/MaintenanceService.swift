import CommerceCore
import CommerceStore
import Foundation
import Logging
import ServiceLifecycle

/// Periodic clean-up: expired carts that were never ordered, after their retention, and `MS-RequestId`
/// records past theirs. Both follow the injected Clock.
struct MaintenanceService: Service {
    let store: Store
    let clock: any CommerceClock
    let expiredCartRetention: Double
    let requestRecordRetention: Double
    let interval: Double
    let logger: Logger

    func run() async throws {
        await repeatUntilShutdown(every: interval) { await runOnce() }
    }

    func runOnce() async {
        do {
            let now = clock.now()
            let carts = try await store.purgeExpiredCarts(expiredBefore: now.addingTimeInterval(-expiredCartRetention))
            let records = try await store.purgeRequestRecords(olderThan: now.addingTimeInterval(-requestRecordRetention))
            if carts + records > 0 { logger.info("purged", metadata: ["carts": "\(carts)", "requestRecords": "\(records)"]) }
        } catch {
            logger.error("maintenance pass failed", metadata: ["error": "\(error)"])
        }
    }
}

import CommerceCore
import CommerceStore
import Foundation
import Logging
import ServiceLifecycle

/// Completes pending orders once their delay has passed (ARCHITECTURE decision 7): creates their
/// subscriptions, fills `subscriptionId`, flips provisioning to `Fulfilled`. Jobs live in the store, so a
/// restarted node resumes them; each completes in a transaction that first checks the job is still pending,
/// so none is fulfilled twice.
struct FulfilmentWorker: Service {
    let store: Store
    let catalog: CatalogCache
    let clock: any CommerceClock
    let ids: any IDGenerator
    let pollInterval: Double
    let logger: Logger

    func run() async throws {
        await repeatUntilShutdown(every: pollInterval) { await runOnce() }
    }

    /// Completes every job due now; returns how many it completed.
    @discardableResult
    func runOnce() async -> Int {
        do {
            let now = clock.now()
            let jobs = try await store.dueFulfilmentJobs(at: now, limit: 100)
            guard !jobs.isEmpty else { return 0 }
            let current = try await catalog.current()
            var done = 0
            for job in jobs {
                let market = Market.named(job.country) ?? Market.named("US")!
                let ids = self.ids
                let completed = try await store.fulfil(job, at: now) { order in
                    Fulfilment.complete(order, customerID: job.customerID, catalog: current, market: market, at: now, ids: ids)
                }
                if completed { done += 1 }
            }
            return done
        } catch {
            logger.error("fulfilment pass failed", metadata: ["error": "\(error)"])
            return 0
        }
    }
}

import CommerceCore
import CommerceStore
import Foundation
import Logging
import PartnerCenterModels
import ServiceLifecycle

/// Completes pending orders once their delay has passed (ARCHITECTURE decision 7): creates their
/// subscriptions, fills `subscriptionId`, flips provisioning to `Fulfilled`.
///
/// Jobs live in the store, so a restarted node resumes them. Each pass claims the due jobs atomically for a lease
/// (every node can run a worker; none takes another's job), then completes each in a transaction of its own: a
/// job that fails is tried again later with a growing wait, and after `retry.maximumAttempts` its order is
/// cancelled with the reason kept, so one broken job never blocks the others nor stays `pending` silently.
struct FulfilmentWorker: Service {
    let store: Store
    let catalog: CatalogCache
    let clock: any CommerceClock
    let ids: any IDGenerator
    let retry: FulfilmentRetry
    let faults: any FulfilmentFaults
    let pollInterval: Double
    /// The test bench's fulfilment rules (`/_admin/fulfilment/rules`): a `fail` rule cancels an order at once.
    let rules: SharedRules<FulfilmentRule>
    /// Paused while a clock move settles (``ClockSettler``).
    let gate: BackgroundGate
    let logger: Logger
    /// How long a claim lasts: a worker that dies holding jobs gives them up after this.
    static let lease: TimeInterval = 60

    func run() async throws {
        await repeatUntilShutdown(every: pollInterval) { await gate.pass { await runOnce() } }
    }

    /// Works through every job due now, each partner's on its own clock; returns how many it completed.
    @discardableResult
    func runOnce() async -> Int {
        var done = 0
        for pass in clock.passes { done += await runOnce(pass.scope, partner: pass.partner).completed }
        return done
    }

    /// Works through the jobs of `scope` due at `partner`'s time: how many were claimed and how many completed.
    func runOnce(_ scope: PartnerScope, partner: String?) async -> (claimed: Int, completed: Int) {
        await ClockScope.$partner.withValue(partner) { await claimAndFulfil(scope) }
    }

    private func claimAndFulfil(_ scope: PartnerScope) async -> (claimed: Int, completed: Int) {
        let now = clock.now()
        let jobs: [FulfilmentJob]
        do {
            jobs = try await store.claimFulfilmentJobs(at: now, partners: scope, lease: Self.lease, limit: 100)
        } catch {
            logger.error("fulfilment: could not claim jobs", metadata: ["error": "\(error)"])
            return (0, 0)
        }
        var done = 0
        for job in jobs where await fulfil(job, at: now) { done += 1 }
        return (jobs.count, done)
    }

    /// One job, isolated from the others: whatever goes wrong is recorded against this job alone.
    private func fulfil(_ job: FulfilmentJob, at now: Date) async -> Bool {
        do {
            if retry.isExhausted(claimedFor: job.attempt) {
                throw FulfilmentFailure(reason: "Fulfilment was interrupted \(job.attempt - 1) times before it could finish.")
            }
            if let reason = faults.failure(orderID: job.orderID, attempt: job.attempt) { throw FulfilmentFailure(reason: reason) }
            let current = try await catalog.current()
            guard let market = Market.named(job.country) else { throw FulfilmentFailure(reason: "The order's market \(job.country) is unknown.") }
            let ids = self.ids
            let rules = self.rules.current
            return try await store.fulfil(job, at: now, pricing: ChargePricing(catalog: current)) { order in
                // The operator's decision first (empty: complete), then the rule that governs the order.
                let failure: String? =
                    switch job.outcome {
                    case .some(let reason): reason.isEmpty ? nil : reason
                    case .none:
                        rules.governing(order.lineItems.compactMap(\.offerId), partner: job.partnerID).flatMap { $0.mode == .fail ? $0.reason : nil }
                    }
                if let failure { throw FulfilmentFailure(reason: failure, final: true) }
                return Fulfilment.complete(order, customerID: job.customerID, catalog: current, market: market, at: now, ids: ids)
            }
        } catch {
            let reason = (error as? FulfilmentFailure)?.reason ?? String(describing: error)
            let final = (error as? FulfilmentFailure)?.final ?? false
            let retryAt = final ? nil : retry.delay(afterAttempt: job.attempt).map { now.addingTimeInterval($0) }
            let metadata: Logger.Metadata = ["order": "\(job.orderID)", "attempt": "\(job.attempt)", "reason": "\(reason)"]
            if retryAt == nil {
                logger.error("fulfilment failed for good; the order is cancelled", metadata: metadata)
            } else {
                logger.warning("fulfilment attempt failed; it will be tried again", metadata: metadata)
            }
            do {
                _ = try await store.fulfilmentFailed(job, reason: reason, retryAt: retryAt, at: now, abandon: Fulfilment.abandoned)
            } catch {
                // The claim's lease runs out and the job is claimed again, so nothing is lost.
                logger.error("fulfilment: could not record a failed attempt", metadata: ["order": "\(job.orderID)", "error": "\(error)"])
            }
            return false
        }
    }
}

/// Why fulfilling an order failed, in words kept with its job.
struct FulfilmentFailure: Error {
    let reason: String
    /// Not worth retrying: the order is cancelled at once (an injected failure).
    var final = false
}

import CommerceCore
import CommerceStore
import Foundation
import Logging
import ServiceLifecycle

/// Periodic work on the injected Clock: subscriptions whose term has ended renew or expire (recorded once per term
/// end, whichever node gets there first), each later charge cycle and renewal is charged, and each billing month
/// past its invoice delay closes into invoices; and clean-up: expired carts that were never ordered (after their retention),
/// `MS-RequestId` records past theirs, webhook events a week after their delivery ended, expired refresh tokens, signing keys retired longer ago than any token
/// lives, and idle shared limit counters. Each pass also re-reads the signing keys, so a rotation on another node reaches this one.
struct MaintenanceService: Service {
    let store: Store
    let tokens: TokenService
    let clock: any CommerceClock
    let expiredCartRetention: Double
    let requestRecordRetention: Double
    let interval: Double
    /// Measured at each pass (`StorageQuota`).
    let storageQuota: StorageQuota
    /// Paused while a clock move settles (``ClockSettler``).
    let gate: BackgroundGate
    /// Closes months into invoices once each term end and cycle due by then is charged; its catalog has today's
    /// prices, for each later cycle's charge and each renewal's.
    let billing: BillingCloser
    let logger: Logger

    /// How long the delivery log keeps an event whose delivery ended.
    static let webhookEventRetention: Double = 7 * 86_400

    func run() async throws {
        await repeatUntilShutdown(every: interval) { await gate.pass { await runOnce() } }
    }

    func runOnce() async {
        // First and on its own: a quota that a failing clean-up step left unmeasured would never be enforced.
        if storageQuota.limit != nil {
            do {
                storageQuota.update(try await store.storedCharactersByPartner())
            } catch {
                logger.error("storage measurement failed", metadata: ["error": "\(error)"])
            }
        }
        do {
            var termEnds = 0
            var invoices = 0
            for pass in clock.passes {
                // One instant for both: a clock moved between them must not close a month whose charges this pass
                // did not write (they are written first, up to the same time).
                let now = clock.now(partner: pass.partner)
                termEnds += try await advanceTerms(pass.scope, partner: pass.partner, at: now)
                invoices += try await billing.closeDue(pass.scope, at: now).count
            }
            if termEnds > 0 { logger.info("subscription terms ended", metadata: ["termEnds": "\(termEnds)"]) }
            if invoices > 0 { logger.info("billing months closed", metadata: ["invoices": "\(invoices)"]) }
            // Clean-up by age on the earliest clock: nothing goes before its time on its own partner's clock.
            let now = clock.earliestNow
            let carts = try await store.purgeExpiredCarts(expiredBefore: now.addingTimeInterval(-expiredCartRetention))
            let records = try await store.purgeRequestRecords(olderThan: now.addingTimeInterval(-requestRecordRetention))
            let refreshTokens = try await store.purgeExpiredRefreshTokens(now: now)
            let keys = try await store.purgeSigningKeys(retiredBefore: now.addingTimeInterval(-TokenService.maxLifetime))
            // Shared limit counters (PostgreSQL): idle ones behave like absent ones; an hour is past any window.
            let cells = try await store.purgeThrottleCells(idleAt: ThrottleCell.microseconds(now))
            let names = try await store.purgeSignInFailures(startedBefore: now.addingTimeInterval(-3600), now: now)
            let webhookEvents = try await store.purgeWebhookEvents(endedBefore: now.addingTimeInterval(-Self.webhookEventRetention))
            try await tokens.reload()
            if carts + records + refreshTokens + keys + cells + names + webhookEvents > 0 {
                logger.info(
                    "purged",
                    metadata: [
                        "carts": "\(carts)", "requestRecords": "\(records)", "refreshTokens": "\(refreshTokens)", "signingKeys": "\(keys)",
                        "throttleCells": "\(cells)", "signInNames": "\(names)", "webhookEvents": "\(webhookEvents)",
                    ]
                )
            }
        } catch {
            logger.error("maintenance pass failed", metadata: ["error": "\(error)"])
        }
    }

    /// Renews or expires the subscriptions of `scope` whose terms have ended by `now` (`partner`'s time when not
    /// given), and charges the cycles begun by then; returns how many term ends were recorded.
    func advanceTerms(_ scope: PartnerScope, partner: String?, at now: Date? = nil) async throws -> Int {
        try await ClockScope.$partner.withValue(partner) {
            try await store.advanceSubscriptionTerms(
                at: now ?? clock.now(), partners: scope, pricing: ChargePricing(catalog: try await billing.catalog.current()))
        }
    }
}

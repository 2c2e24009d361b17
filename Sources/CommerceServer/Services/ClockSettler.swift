import CommerceCore
import CommerceStore
import Foundation

/// Runs what a clock move made due before `/_admin/clock` answers, so a test that advances a year finds every
/// renewal recorded and every webhook delivery attempted, in time order, when the call returns (Stripe's test
/// clocks say when an advance has settled; this one answers then).
///
/// Order: pending orders whose fulfilment fell due (they make subscriptions), then term ends (renewals and expiries),
/// again until neither finds work, then the billing months past their invoice delay, then the webhook outbox one event at a time, oldest change first. This node's
/// background passes wait meanwhile (``BackgroundGate``); another node of the store may still take some of the work.
struct ClockSettler: Sendable {
    let gate: BackgroundGate
    let worker: FulfilmentWorker
    let maintenance: MaintenanceService
    let dispatcher: WebhookDispatcher
    let clock: any CommerceClock

    /// What settling did, answered with the clock.
    struct Outcome: Codable, Sendable {
        var ordersCompleted = 0
        var termEnds = 0
        var invoicesIssued = 0
        var webhooksAttempted = 0
        var webhooksFailed = 0
        /// False when the time allowed ran out with work left (the background passes take the rest).
        var finished = true
    }

    /// The longest a settle runs: deliveries to a receiver that does not answer take seconds each.
    static let longest: Duration = .seconds(120)
    /// Rounds of fulfilment and term ends: each round can make work for the next (an order's subscription, its
    /// renewals), and a bound keeps a rule that never stops making work from holding the call.
    static let rounds = 20

    /// Settles the work of `partner` (its own clock's) or, without one, of every partner on the server's clock.
    func settle(partner: String?) async -> Outcome {
        let scope = clock.settleScope(partner: partner)
        let owner: String? = if case .only(let id) = scope { id } else { nil }
        let deadline = ContinuousClock.now.advanced(by: Self.longest)
        return await gate.settle {
            var outcome = Outcome()
            // The time the move set: term ends and charges are worked out up to it, and months closed at it.
            let now = clock.now(partner: owner)
            var drained = false
            for _ in 0..<Self.rounds where !drained && ContinuousClock.now < deadline {
                let fulfilled = await worker.runOnce(scope, partner: owner)
                let ended = (try? await maintenance.advanceTerms(scope, partner: owner, at: now)) ?? 0
                outcome.ordersCompleted += fulfilled.completed
                outcome.termEnds += ended
                drained = fulfilled.claimed == 0 && ended == 0
            }
            // After every charge the move made due: a month closes with all its lines.
            outcome.invoicesIssued = (try? await maintenance.billing.closeDue(scope, at: now).count) ?? 0
            let delivered = await dispatcher.settle(scope, partner: owner, deadline: deadline)
            outcome.webhooksAttempted = delivered.attempted
            outcome.webhooksFailed = delivered.failed
            outcome.finished = drained && delivered.finished
            return outcome
        }
    }
}

import CommerceCore
import CommerceStore
import Foundation
import PartnerCenterModels

/// The test bench's hold on fulfilment: the rules that set when orders are due, the reads that release `afterReads`
/// orders, and the operator's `complete` and `fail`.
struct FulfilmentControl: Sendable {
    static let settingName = "fulfilment"
    let rules: SharedRules<FulfilmentRule>
    let store: Store
    let worker: FulfilmentWorker
    let clock: any CommerceClock

    /// When an order of `partner` with these catalog item ids, placed at `now`, is due, if a rule governs it.
    func due(_ catalogItemIDs: [String], _ now: Date, partner: String) -> Date? {
        rules.current.governing(catalogItemIDs, partner: partner)?.due(at: now)
    }

    /// Counts a read of an order an `afterReads` rule governs; the read that reaches the count completes it before
    /// the next one, so the next read sees it fulfilled.
    func noteRead(orderID: String, body: String, partner: String) async throws {
        let current = rules.current
        guard current.contains(where: { $0.mode == .afterReads }) else { return }
        let order = try PartnerCenterJSON.makeDecoder().decode(Order.self, from: Data(body.utf8))
        guard let rule = current.governing(order.lineItems.compactMap(\.offerId), partner: partner), rule.mode == .afterReads,
            let wanted = rule.reads,
            let count = try await store.countOrderRead(orderID: orderID), count >= wanted
        else { return }
        if try await store.releaseFulfilment(orderID: orderID, outcome: "", at: clock.now()) { _ = try await finish(orderID) }
    }

    /// Completes (`failure` nil) or cancels a pending order now, whatever the rules say; the job's state after
    /// (`running` if another node's worker is still at it after a few seconds), or `nil` when it was not pending.
    func settle(orderID: String, failure: String?) async throws -> String? {
        guard try await store.releaseFulfilment(orderID: orderID, outcome: failure ?? "", at: clock.now()) else { return nil }
        return try await finish(orderID)
    }

    /// Runs the worker on a released order; another worker (this node's own, or another node's) may have claimed it
    /// first, so its end is waited for, for five seconds at most.
    private func finish(_ orderID: String) async throws -> String? {
        await worker.runOnce()
        for _ in 0..<100 {
            let now = try await store.fulfilmentState(orderID: orderID)
            if now == "done" || now == "failed" { return now }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await store.fulfilmentState(orderID: orderID)
    }
}

import CommerceCore
import Foundation
import PartnerCenterModels
import Testing

/// The term rules on their own: deterministic, bounded, and exact about month ends and ended subscriptions.
@Suite struct SubscriptionTermsTests {
    static func monthly(startingAt start: Date, autoRenew: Bool = true) -> Subscription {
        var subscription = Subscription(id: "3F2504E0-4F89-11D3-9A0C-0305E82C3301", offerId: "CFQ7TTC0LH0Z:0001", quantity: 3)
        subscription.status = .active
        subscription.autoRenewEnabled = autoRenew
        subscription.termDuration = "P1M"
        subscription.billingCycle = .monthly
        subscription.effectiveStartDate = start
        subscription.commitmentEndDate = Term.end(of: "P1M", from: start)
        subscription.cancellationAllowedUntilDate = start.addingTimeInterval(SubscriptionTerms.refundWindow)
        return subscription
    }

    static let start = WireDate.parse("2027-01-31T10:00:00Z")!

    @Test func twoReadersOfOneStoredSubscriptionAgreeOnEveryTermAndEtag() {
        let stored = Self.monthly(startingAt: Self.start)
        let later = Self.start.addingTimeInterval(400 * 86_400)
        let (one, events) = SubscriptionTerms.advance(stored, to: later)
        let (other, _) = SubscriptionTerms.advance(stored, to: later)
        #expect(one == other)
        #expect(events.count == 13)
        #expect(events.allSatisfy { if case .renewed = $0 { true } else { false } })
        #expect(
            one.attributes?.etag
                == SubscriptionTerms.advance(
                    SubscriptionTerms.advance(stored, to: Self.start.addingTimeInterval(100 * 86_400)).subscription, to: later
                ).subscription.attributes?.etag,
            "advancing in two steps ends where one step does")
        // Each term starts where the one before ended: no day lost or gained across month ends.
        for (previous, next) in zip(events, events.dropFirst()) {
            #expect(next.at > previous.at)
        }
        #expect(one.effectiveStartDate == events.last?.at)
    }

    @Test func nothingHappensToEndedOrTermlessSubscriptionsHoweverFarTheClockRuns() {
        var cancelled = Self.monthly(startingAt: Self.start)
        cancelled.status = .deleted
        var legacy = Self.monthly(startingAt: Self.start)
        legacy.termDuration = nil
        legacy.commitmentEndDate = SubscriptionTerms.noTermEnd
        let far = Self.start.addingTimeInterval(50 * 365 * 86_400)
        for subscription in [cancelled, legacy] {
            #expect(SubscriptionTerms.due(subscription) == nil)
            #expect(SubscriptionTerms.advance(subscription, to: far).events.isEmpty)
        }
    }

    @Test func withoutAutoRenewOrSuspendedTheTermEndIsTheEnd() {
        var suspended = Self.monthly(startingAt: Self.start)
        suspended.status = .suspended
        for subscription in [Self.monthly(startingAt: Self.start, autoRenew: false), suspended] {
            let (ended, events) = SubscriptionTerms.advance(subscription, to: Self.start.addingTimeInterval(90 * 86_400))
            #expect(events.count == 1)
            #expect(ended.status == .expired)
            #expect(SubscriptionTerms.due(ended) == nil)
        }
    }

    @Test func aSeatCutBeyondWhatIsInsideTheWindowIsRefused() throws {
        let bought = Self.monthly(startingAt: Self.start)
        var withWindow = bought
        withWindow.refundableQuantity = RefundableQuantity(details: [
            RefundableQuantityDetail(quantity: 3, allowedUntilDateTime: Self.start.addingTimeInterval(SubscriptionTerms.refundWindow))
        ])
        let context = SubscriptionChanges.Context(now: Self.start.addingTimeInterval(86_400), quantities: 1...300) { _ in nil }
        var fewer = withWindow
        fewer.quantity = 1
        let changed = try SubscriptionChanges.apply(fewer, to: withWindow, context: context)
        #expect(changed.quantity == 1)
        #expect(changed.refundableQuantity?.totalQuantity == 1)
        #expect(changed.attributes?.etag != withWindow.attributes?.etag)
        let late = SubscriptionChanges.Context(now: Self.start.addingTimeInterval(8 * 86_400), quantities: 1...300) { _ in nil }
        #expect(throws: CommerceError.self) { try SubscriptionChanges.apply(fewer, to: withWindow, context: late) }
    }
}

import Foundation
import PartnerCenterModels

/// A stored subscription as a client sees it at an instant: term ends reached since the last write already worked
/// out, and the fields that depend on the time (refunds still possible, the billing period's end) filled in.
public enum SubscriptionView {
    public static func present(_ stored: Subscription, at now: Date) -> Subscription {
        var subscription = SubscriptionTerms.advance(stored, to: now).subscription
        let live = subscription.status == .active || subscription.status == .suspended
        let refundable = live ? (subscription.refundableQuantity?.details ?? []).filter { $0.allowedUntilDateTime > now } : []
        subscription.refundableQuantity = refundable.isEmpty ? nil : RefundableQuantity(details: refundable)
        if live, let until = subscription.cancellationAllowedUntilDate, until > now {
            subscription.refundOptions = [SubscriptionRefundOption(type: "Full", expiresAt: until)]
        } else {
            subscription.refundOptions = nil
        }
        subscription.billingCycleEndDate = live ? billingPeriodEnd(of: subscription, at: now) : nil
        if subscription.attributes?.etag == nil {
            subscription.attributes = ResourceAttributes(objectType: "Subscription", etag: SubscriptionEtag.initial(id: subscription.id))
        }
        return subscription
    }

    /// The end of the billing period `now` falls in: periods of the billing cycle from the term's start, the last
    /// one cut at the term's end.
    static func billingPeriodEnd(of subscription: Subscription, at now: Date) -> Date? {
        guard let start = subscription.effectiveStartDate else { return subscription.commitmentEndDate }
        let months: Int
        switch subscription.billingCycle {
        case .monthly?: months = 1
        case .annual?: months = 12
        case .biennial?: months = 24
        case .triennial?: months = 36
        default: return subscription.commitmentEndDate
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let passed = max(0, calendar.dateComponents([.month], from: start, to: now).month ?? 0)
        var periods = passed / months + 1
        var end = calendar.date(byAdding: .month, value: periods * months, to: start)
        // Month arithmetic can land a period short (month ends); step on until the period contains `now`.
        while let candidate = end, candidate <= now, periods < passed + 3 {
            periods += 1
            end = calendar.date(byAdding: .month, value: periods * months, to: start)
        }
        guard let end else { return subscription.commitmentEndDate }
        return subscription.commitmentEndDate.map { min($0, end) } ?? end
    }
}

import Foundation
import PartnerCenterModels

/// A subscription's life on the clock (after-checkout §2–3): at `commitmentEndDate` it renews for another term
/// (applying its scheduled next-term instructions, opening a new refund window) or expires.
///
/// Pure and deterministic: the same stored subscription and instant give the same result, so a read can show what
/// the maintenance pass will store, and two nodes working out the same term agree on it.
public enum SubscriptionTerms {
    /// How long a new-commerce licence purchase, renewal or seat increase can be refunded (168 h).
    public static let refundWindow: TimeInterval = 7 * 86_400
    /// Most terms one call works through; a term is at least a day, so this is decades of the shortest.
    static let maximumTermsAtOnce = 20_000
    /// The `commitmentEndDate` of a subscription without a term (legacy licences, Azure plans): 9999-12-14, as
    /// Partner Center writes it.
    public static let noTermEnd = Date(timeIntervalSince1970: 253_400_745_600)

    /// What happened at a term end.
    public enum Event: Equatable, Sendable {
        /// A new term began at `at` (the end of the one before).
        case renewed(at: Date)
        /// The subscription ended at `at`.
        case expired(at: Date)

        public var at: Date {
            switch self {
            case .renewed(let at), .expired(let at): at
            }
        }
    }

    /// When the current term ends and something happens; nil when nothing will (ended, cancelled, or no term).
    public static func due(_ subscription: Subscription) -> Date? {
        guard subscription.status == .active || subscription.status == .suspended, subscription.termDuration != nil,
            let end = subscription.commitmentEndDate, end < noTermEnd
        else { return nil }
        return end
    }

    /// The subscription as it stands at `now`, with every term end reached on the way, oldest first.
    public static func advance(_ subscription: Subscription, to now: Date) -> (subscription: Subscription, events: [Event]) {
        var current = subscription
        var events: [Event] = []
        while events.count < maximumTermsAtOnce, let end = due(current), end <= now {
            if current.status == .active, current.autoRenewEnabled == true, let renewed = renewal(of: current, at: end) {
                current = renewed
                events.append(.renewed(at: end))
            } else {
                // Suspended at term end, auto-renew off, or a next term that cannot be worked out: the subscription ends.
                current.status = .expired
                current.autoRenewEnabled = false
                current.refundableQuantity = nil
                current.scheduledNextTermInstructions = nil
                current.attributes = next(current)
                events.append(.expired(at: end))
            }
        }
        return (current, events)
    }

    /// The next term, starting at `start`; nil when it would not end after its start.
    static func renewal(of subscription: Subscription, at start: Date) -> Subscription? {
        var renewed = subscription
        if let instructions = subscription.scheduledNextTermInstructions {
            if let quantity = instructions.quantity { renewed.quantity = quantity }
            if let product = instructions.product {
                renewed.offerId = "\(product.productId):\(product.skuId)"
                renewed.termDuration = product.termDuration ?? renewed.termDuration
                renewed.billingCycle = product.billingCycle ?? renewed.billingCycle
            }
        }
        let custom = subscription.scheduledNextTermInstructions?.customTermEndDate
        guard let end = custom ?? Term.end(of: renewed.termDuration, from: start), end > start else { return nil }
        renewed.effectiveStartDate = start
        renewed.commitmentEndDate = end
        renewed.cancellationAllowedUntilDate = start.addingTimeInterval(refundWindow)
        renewed.refundableQuantity = RefundableQuantity(details: [
            RefundableQuantityDetail(quantity: renewed.quantity ?? 0, allowedUntilDateTime: start.addingTimeInterval(refundWindow))
        ])
        renewed.renewalTermDuration = renewed.termDuration
        renewed.scheduledNextTermInstructions = nil
        renewed.attributes = next(renewed)
        return renewed
    }

    /// The attributes with the etag of one more change.
    static func next(_ subscription: Subscription) -> ResourceAttributes {
        var attributes = subscription.attributes ?? ResourceAttributes(objectType: "Subscription")
        attributes.etag = SubscriptionEtag.next(after: attributes.etag, id: subscription.id)
        return attributes
    }
}

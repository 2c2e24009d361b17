import Foundation
import PartnerCenterModels

/// A subscription's life on the clock with its charges (billing spec §3): what ``SubscriptionTerms`` works out,
/// term by term, with each later cycle's charge and each renewal's on the way. A clock moved years ahead crosses
/// several terms; each term's cycles are charged at the quantity, term and cycle of that term.
///
/// `chargedThrough` is the start of the last cycle already charged (the purchase's, at first): cycles that begin
/// after it and by `now` are charged, so working the same subscription out twice charges nothing twice.
public enum ChargedTerms {
    public struct Outcome: Sendable {
        public var subscription: Subscription
        public var events: [SubscriptionTerms.Event]
        public var lines: [ChargeLine]
        /// The start of the last cycle charged now, or the one given when nothing was.
        public var chargedThrough: Date
    }

    /// `price` gives the seat price of a term (nil: not priced, nothing charged for it).
    public static func advance(
        _ stored: Subscription, to now: Date, chargedThrough: Date, price: (Subscription) -> Charges.Price?
    ) -> Outcome {
        var current = stored
        var events: [SubscriptionTerms.Event] = []
        var lines: [ChargeLine] = []
        var through = chargedThrough
        // Bounded as SubscriptionTerms is: a term is at least a day.
        for _ in 0..<SubscriptionTerms.maximumTermsAtOnce {
            let end = SubscriptionTerms.due(current)
            // The current term's cycles up to now, or up to its end when that has come.
            let until = end.map { min($0.addingTimeInterval(-0.001), now) } ?? now
            if let price = price(current) {
                let charged = Charges.cycleCharges(current, price: price, after: through, through: until)
                lines += charged
                through = charged.last?.chargeStart ?? through
            }
            guard let end, end <= now else { break }
            let (next, happened) = SubscriptionTerms.advance(current, to: end)
            events += happened
            current = next
            guard case .renewed = happened.last, let start = next.effectiveStartDate else { break }
            through = start
            if let price = price(next) { lines += Charges.renewal(next, price: price) }
        }
        return Outcome(subscription: current, events: events, lines: lines, chargedThrough: through)
    }
}

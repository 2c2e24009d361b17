import Foundation
import PartnerCenterModels

/// What each event of a subscription's life charges (billing spec §3): pure, so two nodes working out the same
/// event write the same lines, and the rules are tested without a store.
///
/// Prices are per seat and charge cycle. A whole cycle costs `effectiveUnitPrice × seats`; part of one costs the
/// price divided by the cycle's days, times the days left (the day of the change included) and the seats, rounded
/// to the cent, halves away from zero: (4 ÷ 30) × 29 × 1 = 3.87.
public enum Charges {
    /// The seat price a subscription's lines use, in the customer's currency.
    public struct Price: Equatable, Sendable {
        public var unitPrice: Decimal
        public var effectiveUnitPrice: Decimal

        public init(unitPrice: Decimal, effectiveUnitPrice: Decimal) {
            self.unitPrice = unitPrice
            self.effectiveUnitPrice = effectiveUnitPrice
        }
    }

    /// The purchase: the first cycle, whole.
    public static func purchase(_ subscription: Subscription, price: Price, at now: Date) -> [ChargeLine] {
        guard let cycle = firstCycle(of: subscription) else { return [] }
        return [whole(.new, subscription, seats: subscription.quantity ?? 0, cycle: cycle, price: price, at: now)]
    }

    /// A change of seats at `now` (more, or fewer inside their window): the pair for the rest of the cycle, minus the
    /// old seats and plus the new. Nothing when the seats did not change or the subscription is not charged by cycle.
    public static func quantityChange(from old: Subscription, to new: Subscription, price: Price, at now: Date) -> [ChargeLine] {
        let (before, after) = (old.quantity ?? 0, new.quantity ?? 0)
        guard before != after, let cycle = currentCycle(of: new, at: now) else { return [] }
        let type: ChargeType = after > before ? .addQuantity : .removeQuantity
        return [
            part(type, new, seats: before, sign: -1, cycle: cycle, price: price, at: now),
            part(type, new, seats: after, sign: 1, cycle: cycle, price: price, at: now),
        ]
    }

    /// A cancellation at `now`: a credit for the days of the cycle not used, for every seat.
    public static func cancellation(of subscription: Subscription, price: Price, at now: Date) -> [ChargeLine] {
        guard let cycle = currentCycle(of: subscription, at: now) else { return [] }
        return [part(.cancelImmediate, subscription, seats: subscription.quantity ?? 0, sign: -1, cycle: cycle, price: price, at: now)]
    }

    /// The cycles of the current term that began after `after` and by `now`, each charged whole at its start (the
    /// first cycle of a term is its purchase's or renewal's, never a cycle charge).
    public static func cycleCharges(_ subscription: Subscription, price: Price, after: Date, through now: Date) -> [ChargeLine] {
        guard subscription.status == .active || subscription.status == .suspended, let start = subscription.effectiveStartDate,
            let end = subscription.commitmentEndDate, let billing = subscription.billingCycle
        else { return [] }
        return ChargeCycle.cycles(termStart: start, termEnd: end, billing: billing, termDuration: subscription.termDuration).dropFirst()
            .filter { $0.start > after && $0.start <= now }
            .map { whole(.cycleCharge, subscription, seats: subscription.quantity ?? 0, cycle: $0, price: price, at: $0.start) }
    }

    /// A renewal: the new term's first cycle, whole, charged when the term began.
    public static func renewal(_ renewed: Subscription, price: Price) -> [ChargeLine] {
        guard let cycle = firstCycle(of: renewed), let start = renewed.effectiveStartDate else { return [] }
        return [whole(.renew, renewed, seats: renewed.quantity ?? 0, cycle: cycle, price: price, at: start)]
    }

    /// Part of a cycle: price ÷ cycle days × days × seats, to the cent.
    public static func prorated(_ price: Decimal, seats: Int, days: Int, cycleDays: Int) -> Decimal {
        guard cycleDays > 0 else { return 0 }
        return MoneyText.rounded(price * Decimal(days) * Decimal(seats) / Decimal(cycleDays))
    }

    static func firstCycle(of subscription: Subscription) -> ChargeCycle? {
        guard let start = subscription.effectiveStartDate else { return nil }
        return currentCycle(of: subscription, at: start)
    }

    static func currentCycle(of subscription: Subscription, at now: Date) -> ChargeCycle? {
        guard let start = subscription.effectiveStartDate, let end = subscription.commitmentEndDate, let billing = subscription.billingCycle else {
            return nil
        }
        return ChargeCycle.cycle(containing: now, termStart: start, termEnd: end, billing: billing, termDuration: subscription.termDuration)
    }

    static func whole(_ type: ChargeType, _ subscription: Subscription, seats: Int, cycle: ChargeCycle, price: Price, at now: Date) -> ChargeLine {
        ChargeLine(
            chargeType: type, subscriptionId: subscription.id, quantity: seats, unitPrice: price.unitPrice,
            effectiveUnitPrice: price.effectiveUnitPrice, subtotal: price.effectiveUnitPrice * Decimal(seats), chargeStart: cycle.start,
            chargeEnd: cycle.lastDay, chargedAt: now)
    }

    static func part(
        _ type: ChargeType, _ subscription: Subscription, seats: Int, sign: Int, cycle: ChargeCycle, price: Price, at now: Date
    ) -> ChargeLine {
        let left = min(max(ChargeCycle.days(from: now, to: cycle.end), 0), cycle.days)
        let amount = prorated(price.effectiveUnitPrice, seats: seats, days: left, cycleDays: cycle.days)
        return ChargeLine(
            chargeType: type, subscriptionId: subscription.id, quantity: seats, unitPrice: price.unitPrice,
            effectiveUnitPrice: price.effectiveUnitPrice, subtotal: sign < 0 ? -amount : amount,
            chargeStart: ChargeCycle.calendar.startOfDay(for: now), chargeEnd: cycle.lastDay, chargedAt: now)
    }
}

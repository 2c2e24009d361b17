import CommerceCore
import Foundation
import PartnerCenterModels
import Testing

/// The charge rules on their own (issue 28, point 3): cycles that follow the purchase day, proration by days, the
/// pairs and credits, cycle charges and the renewal, each figure worked out by hand.
@Suite struct ChargeRulesTests {
    static let start = WireDate.parse("2030-03-03T10:00:00Z")!
    static let price = Charges.Price(unitPrice: 4, effectiveUnitPrice: Decimal(string: "3.6")!)

    static func day(_ number: Int) -> Date { start.addingTimeInterval(Double(number) * 86_400) }

    static func licence(seats: Int, billing: BillingCycleType = .monthly, term: String = "P1Y") -> Subscription {
        var subscription = Subscription(id: "sub-1", offerId: "CFQ7TTC0LH0Z:0001", quantity: seats)
        subscription.status = .active
        subscription.billingCycle = billing
        subscription.termDuration = term
        subscription.effectiveStartDate = start
        subscription.commitmentEndDate = Term.end(of: term, from: start)
        return subscription
    }

    @Test func cyclesFollowThePurchaseDayAndDoNotDrift() throws {
        let jan31 = WireDate.parse("2031-01-31T00:00:00Z")!
        let cycles = ChargeCycle.cycles(termStart: jan31, termEnd: Term.end(of: "P1Y", from: jan31)!, billing: .monthly, termDuration: "P1Y")
        #expect(cycles.count == 12)
        #expect(WireDate.format(cycles[0].lastDay).hasPrefix("2031-02-27"), "the first cycle ends the day before 28 February")
        #expect(WireDate.format(cycles[2].start).hasPrefix("2031-03-31"), "counted from the term's start, the 31st comes back")
        #expect(cycles.map(\.days).reduce(0, +) == 365)
        #expect(ChargeCycle.cycles(termStart: jan31, termEnd: Term.end(of: "P1Y", from: jan31)!, billing: .annual, termDuration: "P1Y").count == 1)
        #expect(ChargeCycle.months(billing: .oneTime, termDuration: "P3Y") == 36)
        #expect(ChargeCycle.months(billing: .none, termDuration: "P1M") == nil, "a trial is not charged")
        #expect(ChargeCycle.months(billing: .oneTime, termDuration: "P9999999Y") == nil, "an absurd term is not charged, nor overflows")
    }

    @Test func aYearOfOneLicenceCostsWhatTheHandSays() throws {
        // Ten seats bought on day 0, five added on day 10, three removed on day 12, then a year on the clock.
        var lines = Charges.purchase(Self.licence(seats: 10), price: Self.price, at: Self.start)
        #expect(lines.map(\.subtotal) == [36])
        #expect(WireDate.format(lines[0].chargeEnd).hasPrefix("2030-04-02"))

        let added = Charges.quantityChange(from: Self.licence(seats: 10), to: Self.licence(seats: 15), price: Self.price, at: Self.day(10))
        // The first cycle has 31 days (3 March to 3 April); 21 are left on day 10.
        #expect(added.map(\.chargeType) == [.addQuantity, .addQuantity])
        #expect(added.map(\.quantity) == [10, 15])
        #expect(added.map(\.subtotal) == [Decimal(string: "-24.39")!, Decimal(string: "36.58")!], "3.6 ÷ 31 × 21 × 10 and × 15")
        lines += added

        let removed = Charges.quantityChange(from: Self.licence(seats: 15), to: Self.licence(seats: 12), price: Self.price, at: Self.day(12))
        #expect(removed.map(\.chargeType) == [.removeQuantity, .removeQuantity])
        #expect(removed.map(\.subtotal) == [Decimal(string: "-33.1")!, Decimal(string: "26.48")!], "3.6 ÷ 31 × 19 × 15 and × 12")
        lines += removed

        let cycles = Charges.cycleCharges(Self.licence(seats: 12), price: Self.price, after: Self.day(12), through: Self.day(400))
        #expect(cycles.count == 11)
        #expect(Set(cycles.map(\.subtotal)) == [Decimal(string: "43.2")!])
        #expect(cycles.allSatisfy { $0.chargedAt == $0.chargeStart })
        // Moving the clock again charges nothing twice.
        #expect(Charges.cycleCharges(Self.licence(seats: 12), price: Self.price, after: Self.day(400), through: Self.day(500)).isEmpty)
        lines += cycles

        var renewed = Self.licence(seats: 12)
        renewed.effectiveStartDate = renewed.commitmentEndDate
        renewed.commitmentEndDate = Term.end(of: "P1Y", from: renewed.effectiveStartDate!)
        let renewal = Charges.renewal(renewed, price: Self.price)
        #expect(renewal.map(\.chargeType) == [.renew])
        #expect(renewal.map(\.subtotal) == [Decimal(string: "43.2")!])
        lines += renewal

        // 36 + 12.19 − 6.62 + 11 × 43.2 + 43.2
        #expect(lines.reduce(Decimal(0)) { $0 + $1.subtotal } == Decimal(string: "559.97"))
    }

    @Test func aCancellationCreditsTheDaysLeft() {
        let credit = Charges.cancellation(of: Self.licence(seats: 2), price: Self.price, at: Self.day(3))
        #expect(credit.map(\.chargeType) == [.cancelImmediate])
        #expect(credit.map(\.subtotal) == [Decimal(string: "-6.5")!], "3.6 ÷ 31 × 28 × 2 = 6.503…")
        #expect(
            Charges.purchase(Self.licence(seats: 2), price: Self.price, at: Self.start)[0].subtotal + credit[0].subtotal == Decimal(string: "0.7"))
    }

    @Test func theDocsProrationExample() {
        #expect(Charges.prorated(4, seats: 1, days: 29, cycleDays: 30) == Decimal(string: "3.87"))
        #expect(Charges.prorated(4, seats: 2, days: 29, cycleDays: 30) == Decimal(string: "7.73"), "(4 ÷ 30) × 29 × 2 = 7.7333…")
        #expect(Charges.prorated(4, seats: 2, days: 29, cycleDays: 0) == 0)
    }

    @Test func whatIsNotChargedByCycleGetsNoLines() {
        var trial = Self.licence(seats: 5, billing: .none, term: "P1M")
        #expect(Charges.purchase(trial, price: Self.price, at: Self.start).isEmpty)
        trial.billingCycle = .monthly
        trial.commitmentEndDate = nil
        var more = trial
        more.quantity = 6
        #expect(Charges.quantityChange(from: trial, to: more, price: Self.price, at: Self.day(1)).isEmpty, "no term end, no cycle")
        #expect(Charges.quantityChange(from: Self.licence(seats: 6), to: Self.licence(seats: 6), price: Self.price, at: Self.day(1)).isEmpty)
    }
}

/// Charges across term ends: each term's cycles once, each renewal once, nothing twice on a second pass.
@Suite struct ChargedTermsTests {
    @Test func threeYearsAtOnceChargeEachCycleAndRenewalOnce() {
        var licence = ChargeRulesTests.licence(seats: 12)
        licence.autoRenewEnabled = true
        let price = ChargeRulesTests.price
        let later = ChargeRulesTests.day(3 * 365 + 10)
        let outcome = ChargedTerms.advance(licence, to: later, chargedThrough: ChargeRulesTests.start) { _ in price }
        #expect(outcome.events.count == 3, "three term ends: \(outcome.events)")
        #expect(outcome.lines.filter { $0.chargeType == .renew }.count == 3)
        // Eleven later cycles in each of the three whole terms, none yet in the fourth (it began days ago).
        #expect(outcome.lines.filter { $0.chargeType == .cycleCharge }.count == 33)
        #expect(Set(outcome.lines.map(\.subtotal)) == [Decimal(string: "43.2")!])
        #expect(Set(outcome.lines.map(\.chargeStart)).count == outcome.lines.count, "no cycle charged twice")

        let again = ChargedTerms.advance(outcome.subscription, to: later, chargedThrough: outcome.chargedThrough) { _ in price }
        #expect(again.lines.isEmpty)
        #expect(again.events.isEmpty)
        let month = ChargedTerms.advance(outcome.subscription, to: later.addingTimeInterval(31 * 86_400), chargedThrough: outcome.chargedThrough) {
            _ in
            price
        }
        #expect(month.lines.map(\.chargeType) == [.cycleCharge])
    }

    @Test func anExpiredOrUnpricedTermChargesNothingMore() {
        var licence = ChargeRulesTests.licence(seats: 3)
        licence.autoRenewEnabled = false
        let outcome = ChargedTerms.advance(licence, to: ChargeRulesTests.day(800), chargedThrough: ChargeRulesTests.start) { _ in
            ChargeRulesTests.price
        }
        #expect(outcome.subscription.status == .expired)
        #expect(outcome.lines.count == 11, "the first term's later cycles, then nothing")
        let unpriced = ChargedTerms.advance(ChargeRulesTests.licence(seats: 3), to: ChargeRulesTests.day(100), chargedThrough: ChargeRulesTests.start)
        { _ in
            nil
        }
        #expect(unpriced.lines.isEmpty)
    }
}

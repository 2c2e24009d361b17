import CommerceCore
import Foundation
import PartnerCenterModels
import Testing

/// SubscriptionChanges on its own: what a PATCH may change and when, the 7-day window's edges to the second, and
/// terms that start on the 29th–31st of a month (their renewal lands on the last day of a shorter month).
@Suite struct SubscriptionChangesTests {
    static let start = WireDate.parse("2027-03-10T10:00:00Z")!

    static func context(at now: Date, quantities: ClosedRange<Int> = 1...300) -> SubscriptionChanges.Context {
        SubscriptionChanges.Context(now: now, quantities: quantities) { _ in nil }
    }

    static func apply(_ change: (inout Subscription) -> Void, to stored: Subscription = stored(), at now: Date = start.addingTimeInterval(3_600))
        throws
        -> Subscription
    {
        var requested = stored
        change(&requested)
        return try SubscriptionChanges.apply(requested, to: stored, context: context(at: now))
    }

    static func stored() -> Subscription {
        var subscription = SubscriptionTermsTests.monthly(startingAt: start)
        subscription.offerName = "Licence"
        subscription.refundableQuantity = RefundableQuantity(details: [
            RefundableQuantityDetail(quantity: 3, allowedUntilDateTime: start.addingTimeInterval(SubscriptionTerms.refundWindow))
        ])
        return subscription
    }

    struct Refusal: Sendable, CustomStringConvertible {
        var description: String
        var change: @Sendable (inout Subscription) -> Void
        var code: Int
        var stored: Subscription = SubscriptionChangesTests.stored()
    }

    static let refusals: [Refusal] = [
        Refusal(description: "a stale etag", change: { $0.attributes = ResourceAttributes(objectType: "Subscription", etag: "stale") }, code: 2055),
        Refusal(description: "another billing cycle", change: { $0.billingCycle = .annual }, code: 2054),
        Refusal(description: "another offer", change: { $0.offerId = "OTHER:0001" }, code: 3000),
        Refusal(description: "another term", change: { $0.termDuration = "P1Y" }, code: 3000),
        Refusal(description: "a quantity past the SKU's", change: { $0.quantity = 301 }, code: 2002),
        Refusal(description: "no seats at all", change: { $0.quantity = 0 }, code: 2002),
        Refusal(description: "a status that cannot be set", change: { $0.status = .expired }, code: 3000),
        Refusal(description: "a name with a control character", change: { $0.friendlyName = "a\u{7}b" }, code: 3000),
        Refusal(
            description: "seats of a usage-based subscription", change: { $0.quantity = 5 }, code: 800027,
            stored: {
                var s = SubscriptionChangesTests.stored()
                s.unitType = "Usage-based"
                return s
            }()
        ),
        Refusal(
            description: "seats while suspended", change: { $0.quantity = 5 }, code: 2001,
            stored: {
                var s = SubscriptionChangesTests.stored()
                s.status = .suspended
                return s
            }()
        ),
        Refusal(
            description: "seats while being provisioned", change: { $0.quantity = 5 }, code: 900278,
            stored: {
                var s = SubscriptionChangesTests.stored()
                s.status = .pending
                return s
            }()
        ),
        Refusal(
            description: "any change once ended", change: { $0.friendlyName = "New" }, code: 2011,
            stored: {
                var s = SubscriptionChangesTests.stored()
                s.status = .deleted
                return s
            }()
        ),
    ]

    @Test(arguments: refusals) func aChangeItMayNotMakeIsRefused(_ refusal: Refusal) throws {
        let error = #expect(throws: CommerceError.self, "\(refusal.description)") { try Self.apply(refusal.change, to: refusal.stored) }
        #expect(error?.code == refusal.code, "\(refusal.description): \(error?.description ?? "")")
    }

    /// Seconds after the start and whether a cancellation is still allowed: the window closes 7 days to the second.
    @Test(arguments: [(3_600.0, true), (SubscriptionTerms.refundWindow, true), (SubscriptionTerms.refundWindow + 1, false)])
    func cancellingIsAllowedUpToTheWindowsLastSecond(_ after: TimeInterval, _ allowed: Bool) throws {
        let at = Self.start.addingTimeInterval(after)
        if allowed {
            let cancelled = try Self.apply({ $0.status = .deleted }, at: at)
            #expect(cancelled.status == .deleted && cancelled.autoRenewEnabled == false && cancelled.refundableQuantity == nil)
        } else {
            let error = #expect(throws: CommerceError.self) { try Self.apply({ $0.status = .deleted }, at: at) }
            #expect(error?.code == 800091)
        }
    }

    /// Seats given back come out of those bought inside their window, newest first; past the window, or beyond
    /// what is still inside it, none can be. (days after the start, seats still refundable, new quantity, allowed)
    @Test(arguments: [(3, 3, 1, true), (8, 3, 2, false), (3, 1, 1, false), (3, 1, 2, true)])
    func seatsGoBackOnlyWhileBoughtInsideTheWindow(_ days: Int, _ refundable: Int, _ quantity: Int, _ allowed: Bool) throws {
        var stored = Self.stored()
        stored.refundableQuantity = RefundableQuantity(details: [
            RefundableQuantityDetail(quantity: refundable, allowedUntilDateTime: Self.start.addingTimeInterval(SubscriptionTerms.refundWindow))
        ])
        let at = Self.start.addingTimeInterval(Double(days) * 86_400)
        if allowed {
            let fewer = try Self.apply({ $0.quantity = quantity }, to: stored, at: at)
            #expect(fewer.quantity == quantity)
            #expect(fewer.refundableQuantity?.details.map(\.quantity) == [refundable - (3 - quantity)].filter { $0 > 0 })
        } else {
            let error = #expect(throws: CommerceError.self) { try Self.apply({ $0.quantity = quantity }, to: stored, at: at) }
            #expect(error?.code == 800090)
        }
    }

    @Test func moreSeatsOpenAWindowOfTheirOwn() throws {
        let at = Self.start.addingTimeInterval(2 * 86_400)
        let more = try Self.apply({ $0.quantity = 5 }, at: at)
        #expect(more.refundableQuantity?.details.map(\.quantity) == [3, 2])
        #expect(more.refundableQuantity?.details.last?.allowedUntilDateTime == at.addingTimeInterval(SubscriptionTerms.refundWindow))
    }

    @Test func anEmptyNameIsTheOffersName() throws {
        #expect(try Self.apply { $0.friendlyName = "   " }.friendlyName == "Licence")
        #expect(try Self.apply { $0.friendlyName = "  Sales team " }.friendlyName == "Sales team")
    }

    /// A monthly term from the 29th, 30th or 31st of January renews on the last day of February (28th, or 29th in a
    /// leap year), and that renewal opens a new window which closes seven days later to the second.
    @Test(arguments: [
        ("2027-01-29T08:00:00Z", "2027-02-28T08:00:00Z"), ("2027-01-30T08:00:00Z", "2027-02-28T08:00:00Z"),
        ("2027-01-31T08:00:00Z", "2027-02-28T08:00:00Z"), ("2028-01-29T08:00:00Z", "2028-02-29T08:00:00Z"),
        ("2028-01-30T08:00:00Z", "2028-02-29T08:00:00Z"), ("2028-01-31T08:00:00Z", "2028-02-29T08:00:00Z"),
    ])
    func termsFromTheMonthsLastDaysRenewOnFebruarysLast(_ begins: String, _ renews: String) throws {
        let start = try #require(WireDate.parse(begins))
        let renewal = try #require(WireDate.parse(renews))
        let stored = SubscriptionTermsTests.monthly(startingAt: start)
        let lastSecond = renewal.addingTimeInterval(SubscriptionTerms.refundWindow)
        let renamed = try SubscriptionChanges.apply(
            {
                var s = stored
                s.friendlyName = "Renamed"
                return s
            }(), to: stored, context: Self.context(at: lastSecond))
        #expect(renamed.effectiveStartDate == renewal, "\(begins): the change applies to the term that began \(renews)")
        #expect(renamed.cancellationAllowedUntilDate == lastSecond)
        #expect(
            try SubscriptionChanges.apply(
                {
                    var s = stored
                    s.status = .deleted
                    return s
                }(), to: stored, context: Self.context(at: lastSecond)
            ).status == .deleted)
        let error = #expect(throws: CommerceError.self) {
            try SubscriptionChanges.apply(
                {
                    var s = stored
                    s.status = .deleted
                    return s
                }(), to: stored, context: Self.context(at: lastSecond.addingTimeInterval(1)))
        }
        #expect(error?.code == 800091)
    }
}

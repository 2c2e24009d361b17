import CommerceCore
import Foundation
import PartnerCenterModels
import Testing

/// DirectOrders on its own: an order without a cart is legacy offers only, numbered 0…n−1, one billing cycle, each
/// line checked as a cart line is, and refused with the code Partner Center documents for each case.
@Suite struct DirectOrdersTests {
    static func request(_ lines: [(number: Int, offer: String?, quantity: Int)], cycle: BillingCycleType? = .monthly) -> Order {
        Order(
            id: nil, referenceCustomerId: nil, billingCycle: cycle,
            lineItems: lines.map { OrderLineItem(lineItemNumber: $0.number, offerId: $0.offer, quantity: $0.quantity) })
    }

    struct Refusal: Sendable, CustomStringConvertible {
        var description: String
        var request: Order
        var code: Int
        var sandbox = false
    }

    static let refusals: [Refusal] = [
        Refusal(description: "no lines", request: request([]), code: 800002),
        Refusal(description: "51 lines", request: request((0..<51).map { ($0, "LEGACY-OFFER-1", 1) }), code: 800002),
        Refusal(description: "numbers not 0…n−1", request: request([(0, "LEGACY-OFFER-1", 1), (2, "LEGACY-OFFER-1", 1)]), code: 800071),
        Refusal(description: "a number twice", request: request([(0, "LEGACY-OFFER-1", 1), (0, "LEGACY-OFFER-1", 1)]), code: 800071),
        Refusal(description: "no offer id", request: request([(0, nil, 1)]), code: 3000),
        Refusal(description: "an unknown offer", request: request([(0, "NO-SUCH-OFFER", 1)]), code: 800004),
        Refusal(description: "an offer of another market", request: request([(0, "JAPAN-OFFER-1", 1)]), code: 800070),
        Refusal(description: "a modern catalog item", request: request([(0, "LICENCE00001:0001:AV1", 1)]), code: 800004),
        Refusal(description: "a quantity out of range", request: request([(0, "LEGACY-OFFER-1", 11)]), code: 800002),
        Refusal(description: "the sandbox's subscription cap", request: request([(0, "LEGACY-OFFER-1", 1)]), code: 800066, sandbox: true),
    ]

    @Test(arguments: refusals) func aRequestThatCannotBePlacedIsRefused(_ refusal: Refusal) throws {
        let context =
            refusal.sandbox
            ? try CartRulesTests.context(
                sandbox: SandboxLimits(customersPerPartner: 75, subscriptionsPerCustomer: 1, licencesPerSubscription: 25), existing: 1)
            : try CartRulesTests.context()
        let error = #expect(throws: CommerceError.self, "\(refusal.description)") {
            try DirectOrders.plan(refusal.request, context: context, ids: SeedableIDGenerator(seed: 1))
        }
        #expect(error?.code == refusal.code, "\(refusal.description): \(error?.description ?? "")")
    }

    @Test(arguments: [("nobody", 800029 as Int?), ("legacy-3", nil)])
    func anAddOnNamesAnActiveParentOfTheCustomer(_ parent: String, _ code: Int?) throws {
        var request = Self.request([(0, "LEGACY-ADDON-1", 2)])
        request.lineItems[0].parentSubscriptionId = parent
        var context = try CartRulesTests.context()
        context.subscriptions["legacy-3"] = OwnedSubscription(id: "legacy-3", offerId: "LEGACY-OFFER-1", isActive: true, isAzure: false, quantity: 3)
        if let code {
            let error = #expect(throws: CommerceError.self) { try DirectOrders.plan(request, context: context, ids: SeedableIDGenerator(seed: 1)) }
            #expect(error?.code == code)
        } else {
            let planned = try DirectOrders.plan(request, context: context, ids: SeedableIDGenerator(seed: 1))
            #expect(planned.order.lineItems.first?.parentSubscriptionId == "legacy-3")
        }
    }

    @Test func anOrderHasOneBillingCycleTheOffersSell() throws {
        // With no cycle given each line takes its offer's first; both are monthly, so it is one order.
        let planned = try DirectOrders.plan(
            Self.request([(0, "LEGACY-OFFER-1", 1), (1, "AZURE-PLAN-1", 1)], cycle: nil), context: try CartRulesTests.context(),
            ids: SeedableIDGenerator(seed: 1)
        )
        #expect(planned.order.billingCycle == .monthly)
        // Annual for both is one order too; an annual order of an offer sold monthly only is a line error.
        let error = #expect(throws: CommerceError.self) {
            try DirectOrders.plan(
                Self.request([(0, "LEGACY-OFFER-1", 1), (1, "AZURE-PLAN-1", 1)], cycle: .annual), context: try CartRulesTests.context(),
                ids: SeedableIDGenerator(seed: 1)
            )
        }
        #expect(error?.code == 800002)
    }

    @Test func aValidRequestIsOneLegacyOrderCompletedAtOnce() throws {
        let planned = try DirectOrders.plan(
            Self.request([(1, "LEGACY-OFFER-1", 3), (0, "AZURE-PLAN-1", 1)]), context: try CartRulesTests.context(), ids: SeedableIDGenerator(seed: 9)
        )
        #expect(planned.group == "OMS-0")
        #expect(planned.order.status == .completed)
        #expect(planned.order.lineItems.map(\.offerId) == ["AZURE-PLAN-1", "LEGACY-OFFER-1"], "lines in their numbers' order")
        #expect(planned.subscriptions.count == 2 && planned.fulfilAt == nil)
    }
}

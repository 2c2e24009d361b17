import CommerceCore
import Foundation
import PartnerCenterModels
import Testing

/// CheckoutPlanner on its own: one order per group, the id each purchase system gives, what a retry reuses, a
/// failing group beside placed ones, and the refusal of a cart with a broken line.
@Suite struct CheckoutPlannerTests {
    /// Fails the named groups, as `/_admin/faults` or a test's placement faults do.
    struct FailingGroups: PlacementFaults {
        var groups: Set<String>
        func failure(cartID: String, orderGroup: String, lines: [CartLineItem]) -> OrderError? {
            groups.contains(orderGroup) ? OrderError(orderGroupId: orderGroup, code: 4018, description: "Unable to process this order.") : nil
        }
    }

    static func cart() -> Cart {
        Cart(
            id: "cart-1",
            lineItems: [
                CartRulesTests.line("LICENCE00001:0001:AV1", quantity: 5), CartRulesTests.line("LEGACY-OFFER-1", quantity: 2, term: nil),
                CartRulesTests.line("RESERVE00001:0001:AV1", cycle: .oneTime, term: "P1Y", context: CartRulesTests.reservation),
                CartRulesTests.line("LICENCE00001:0001:AV1", cycle: .annual, term: "P1Y"),
            ],
            status: .active
        )
    }

    static func input(_ cart: Cart = cart(), placed: [(group: String, order: Order)] = [], faults: any PlacementFaults = NoPlacementFaults()) throws
        -> CheckoutInput
    {
        CheckoutInput(cart: cart, context: try CartRulesTests.context(), placed: placed, fulfilmentDelay: 5, faults: faults)
    }

    @Test func eachGroupBecomesOneOrderWithItsPurchaseSystemsId() throws {
        let plan = try CheckoutPlanner.plan(try Self.input(), ids: SeedableIDGenerator(seed: 7))
        #expect(plan.isComplete)
        #expect(plan.newOrders.map(\.group) == ["0", "OMS-0", "1", "2"])
        let byGroup = Dictionary(uniqueKeysWithValues: plan.newOrders.map { ($0.group, $0) })
        let licence = try #require(byGroup["0"])
        let legacy = try #require(byGroup["OMS-0"])
        let reservation = try #require(byGroup["1"])
        // New commerce: twelve hex digits. Legacy: a GUID, completed at once with its subscriptions. Other modern
        // items: a 33-character URL-safe token with a hex alternate id.
        #expect(licence.order.id?.count == 12 && licence.order.alternateId == licence.order.id)
        #expect(legacy.order.id.flatMap(UUID.init(uuidString:)) != nil)
        #expect(legacy.order.status == .completed && legacy.subscriptions.count == 1 && legacy.fulfilAt == nil)
        #expect(reservation.order.id?.count == 33 && reservation.order.alternateId?.count == 12)
        #expect(licence.order.status == .pending && licence.subscriptions.isEmpty)
        #expect(licence.fulfilAt == CartRulesTests.now.addingTimeInterval(5))
        #expect(licence.order.lineItems.map(\.offerId) == ["LICENCE00001:0001:AV1"] && licence.order.currencyCode == "USD")
        #expect(plan.result.orders.map(\.id) == plan.newOrders.map(\.order.id))
    }

    @Test func aSeededSequenceGivesTheSameOrdersEveryTime() throws {
        let first = try CheckoutPlanner.plan(try Self.input(), ids: SeedableIDGenerator(seed: 42))
        let second = try CheckoutPlanner.plan(try Self.input(), ids: SeedableIDGenerator(seed: 42))
        #expect(first.newOrders.map(\.order) == second.newOrders.map(\.order))
    }

    @Test func aFailingGroupIsReportedAndTheOthersArePlaced() throws {
        let plan = try CheckoutPlanner.plan(try Self.input(faults: FailingGroups(groups: ["1"])), ids: SeedableIDGenerator(seed: 1))
        #expect(!plan.isComplete)
        #expect(plan.result.orderErrors.map(\.orderGroupId) == ["1"])
        #expect(plan.newOrders.map(\.group) == ["0", "OMS-0", "2"])
    }

    @Test func aRetryKeepsWhatWasPlacedAndPlansOnlyTheRest() throws {
        let first = try CheckoutPlanner.plan(try Self.input(faults: FailingGroups(groups: ["1"])), ids: SeedableIDGenerator(seed: 1))
        var retry = try Self.input(placed: first.newOrders.map { ($0.group, $0.order) })
        retry.groups = first.groups
        let second = try CheckoutPlanner.plan(retry, ids: SeedableIDGenerator(seed: 2))
        #expect(second.newOrders.map(\.group) == ["1"])
        #expect(second.result.orders.count == 4)
        #expect(Array(second.result.orders.map(\.id).prefix(2)) == Array(first.newOrders.map(\.order.id).prefix(2)))
    }

    @Test func aBrokenLineRefusesTheWholeCheckout() throws {
        var cart = Self.cart()
        cart.lineItems.append(CartRulesTests.line("NOPE00000001:0001:AV1"))
        let input = try Self.input(cart)
        let error = #expect(throws: CommerceError.self) { try CheckoutPlanner.plan(input, ids: SeedableIDGenerator(seed: 1)) }
        #expect(error?.code == 800009)
        #expect(error?.data.count == 1 && error?.data.first?.hasPrefix("line item 4:") == true, "\(error?.data ?? [])")
    }

    @Test func aFulfilmentRuleSetsWhenAnOrderIsDue() throws {
        var input = try Self.input()
        let due = CartRulesTests.now.addingTimeInterval(3_600)
        input.fulfilmentDue = { items, _ in items.contains { $0.hasPrefix("RESERVE") } ? due : nil }
        let plan = try CheckoutPlanner.plan(input, ids: SeedableIDGenerator(seed: 3))
        #expect(plan.newOrders.first { $0.group == "1" }?.fulfilAt == due)
        #expect(plan.newOrders.first { $0.group == "0" }?.fulfilAt == CartRulesTests.now.addingTimeInterval(5))
    }
}

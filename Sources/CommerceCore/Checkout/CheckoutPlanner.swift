import Foundation
import PartnerCenterModels

/// Turns a cart into orders, one per order group (spec §2.4, §5), placing only groups not placed before.
public enum CheckoutPlanner {
    public static func plan(_ input: CheckoutInput, ids: some IDGenerator) throws(CommerceError) -> CheckoutPlan {
        let cartID = input.cart.id ?? ""
        try input.context.purchaseGate.requireAgreement()
        let placedByGroup = Dictionary(input.placed.map { ($0.group, $0.order) }, uniquingKeysWith: { first, _ in first })
        let groups = try groupsToPlace(input, placed: Set(placedByGroup.keys))
        var orders: [Order] = []
        var errors: [OrderError] = []
        var newOrders: [PlannedOrder] = []
        for group in groups.groups {
            if let existing = placedByGroup[group.label] {
                orders.append(existing)
                continue
            }
            let groupLines = CartRules.flattened(group.lines)
            if let failure = input.faults.failure(cartID: cartID, orderGroup: group.label, lines: groupLines) {
                errors.append(failure)
                continue
            }
            let planned = order(for: groupLines, group: group.label, input: input, ids: ids)
            newOrders.append(planned)
            orders.append(planned.order)
        }
        let result = CartCheckoutResult(orders: orders, orderErrors: errors)
        let cartAfter = errors.isEmpty ? CartLifecycle.ordered(input.cart, at: input.context.now) : nil
        return CheckoutPlan(newOrders: newOrders, result: result, groups: groups, cartAfter: cartAfter)
    }

    /// The groups of this checkout, their lines checked: on the first attempt the whole cart, evaluated and grouped
    /// now; on a retry the groups the first attempt planned, of which only those not placed yet are checked again.
    /// Any line with an error refuses the checkout (400 / 800009) before anything is written.
    static func groupsToPlace(_ input: CheckoutInput, placed: Set<String>) throws(CommerceError) -> CheckoutGroups {
        var groups: CheckoutGroups
        if let planned = input.groups {
            groups = planned
            for index in groups.groups.indices where !placed.contains(groups.groups[index].label) {
                groups.groups[index].lines = CartRules.recheck(groups.groups[index].lines, context: input.context)
            }
        } else {
            groups = CheckoutGroups(grouping: try CartRules.evaluate(input.cart.lineItems, context: input.context))
        }
        let open = groups.groups.filter { !placed.contains($0.label) }.flatMap { CartRules.flattened($0.lines) }
        let broken = open.filter { $0.error != nil }
        guard broken.isEmpty else {
            let details = broken.map { "line item \($0.id ?? 0): \($0.error?.errorDescription ?? "")" }
            throw CommerceError(.cartItemsInvalid, "Error in cart item(s) of cart \(input.cart.id ?? "").", data: details)
        }
        return groups
    }

    static func order(for lines: [CartLineItem], group: String, input: CheckoutInput, ids: some IDGenerator) -> PlannedOrder {
        let context = input.context
        let items = lines.map { context.resolve($0.catalogItemId) }
        let legacy = items.first??.isLegacy == true
        let id: String
        let alternateId: String
        if legacy {
            id = ids.guid()
            alternateId = id
        } else if items.first??.isNewCommerce == true {
            id = ids.hex(12)
            alternateId = id
        } else {
            id = ids.urlSafeToken(33)
            alternateId = ids.hex(12)
        }
        let customerID = context.customerID
        var order = Order(id: id, referenceCustomerId: customerID, billingCycle: lines.first?.billingCycle, lineItems: [])
        order.alternateId = alternateId
        order.currencyCode = context.market.currencyCode
        order.currencySymbol = context.market.currencySymbol
        order.creationDate = context.now
        order.status = legacy ? .completed : .pending
        order.transactionType = "UserPurchase"
        let base = "/customers/\(customerID)/orders/\(id)"
        order.links = OrderLinks(
            self: Link(uri: base), provisioningStatus: Link(uri: "\(base)/provisioningstatus"), patchOperation: Link(uri: base, method: "PATCH")
        )
        order.lineItems = zip(lines, items).enumerated().map { number, pair in
            OrderLines.make(number: number, from: pair.0, item: pair.1, market: context.market)
        }
        var subscriptions: [Subscription] = []
        if legacy {
            (order, subscriptions) = Fulfilment.complete(
                order, customerID: customerID, catalog: context.catalog, market: context.market, at: context.now, ids: ids)
        }
        let due =
            legacy
            ? nil : input.fulfilmentDue?(lines.compactMap(\.catalogItemId), context.now) ?? context.now.addingTimeInterval(input.fulfilmentDelay)
        return PlannedOrder(group: group, order: order, subscriptions: subscriptions, fulfilAt: due)
    }
}

import Foundation
import PartnerCenterModels

/// What a checkout starts from: the cart, the customer, and what an earlier attempt already placed.
public struct CheckoutInput: Sendable {
    public var cart: Cart
    public var context: CartContext
    /// Orders an earlier, partly failed checkout of this cart placed, with their order groups, in result order.
    public var placed: [(group: String, order: Order)]
    public var fulfilmentDelay: TimeInterval
    public var faults: any PlacementFaults

    public init(cart: Cart, context: CartContext, placed: [(group: String, order: Order)], fulfilmentDelay: TimeInterval, faults: any PlacementFaults) {
        self.cart = cart
        self.context = context
        self.placed = placed
        self.fulfilmentDelay = fulfilmentDelay
        self.faults = faults
    }
}

/// One order a checkout creates, with what must be written beside it.
public struct PlannedOrder: Sendable {
    public var group: String
    public var order: Order
    /// Subscriptions created at once (legacy orders complete inside checkout).
    public var subscriptions: [Subscription]
    /// When the fulfilment worker should complete it; `nil` when it is complete already.
    public var fulfilAt: Date?

    public init(group: String, order: Order, subscriptions: [Subscription], fulfilAt: Date?) {
        self.group = group
        self.order = order
        self.subscriptions = subscriptions
        self.fulfilAt = fulfilAt
    }
}

/// The outcome of a checkout: new orders to write and the result to answer (and keep for replays).
public struct CheckoutPlan: Sendable {
    public var newOrders: [PlannedOrder]
    public var result: CartCheckoutResult
    /// True when every group is placed: the cart becomes `Ordered`.
    public var isComplete: Bool { result.orderErrors.isEmpty }

    public init(newOrders: [PlannedOrder], result: CartCheckoutResult) {
        self.newOrders = newOrders
        self.result = result
    }
}

/// Turns a cart into orders, one per order group (spec §2.4, §5), placing only groups not placed before.
public enum CheckoutPlanner {
    public static func plan(_ input: CheckoutInput, ids: some IDGenerator) throws(CommerceError) -> CheckoutPlan {
        let cartID = input.cart.id ?? ""
        let lines = try CartRules.evaluate(input.cart.lineItems, context: input.context)
        let broken = CartRules.flattened(lines).filter { $0.error != nil }
        guard broken.isEmpty else {
            let details = broken.map { "line item \($0.id ?? 0): \($0.error?.errorDescription ?? "")" }
            throw CommerceError(.invalidInput, code: 800009, "Error in cart item(s) of cart \(cartID).", data: details)
        }
        var groupOrder: [String] = []
        var linesByGroup: [String: [CartLineItem]] = [:]
        for line in lines {
            let group = line.orderGroup ?? "0"
            if linesByGroup[group] == nil { groupOrder.append(group) }
            linesByGroup[group, default: []] += [line] + (line.addonItems ?? [])
        }
        let placedByGroup = Dictionary(input.placed.map { ($0.group, $0.order) }, uniquingKeysWith: { first, _ in first })
        var orders: [Order] = []
        var errors: [OrderError] = []
        var newOrders: [PlannedOrder] = []
        for group in groupOrder {
            if let existing = placedByGroup[group] {
                orders.append(existing)
                continue
            }
            let groupLines = linesByGroup[group] ?? []
            if let failure = input.faults.failure(cartID: cartID, orderGroup: group, lines: groupLines) {
                errors.append(failure)
                continue
            }
            let planned = order(for: groupLines, group: group, input: input, ids: ids)
            newOrders.append(planned)
            orders.append(planned.order)
        }
        return CheckoutPlan(newOrders: newOrders, result: CartCheckoutResult(orders: orders, orderErrors: errors))
    }

    static func order(for lines: [CartLineItem], group: String, input: CheckoutInput, ids: some IDGenerator) -> PlannedOrder {
        let context = input.context
        let items = lines.map { line in line.catalogItemId.flatMap { CatalogItem.resolve($0, in: context.catalog, market: context.market) } }
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
            (order, subscriptions) = Fulfilment.complete(order, customerID: customerID, catalog: context.catalog, market: context.market, at: context.now, ids: ids)
        }
        return PlannedOrder(group: group, order: order, subscriptions: subscriptions, fulfilAt: legacy ? nil : context.now.addingTimeInterval(input.fulfilmentDelay))
    }
}

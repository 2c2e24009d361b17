import Foundation
import PartnerCenterModels

/// What a checkout starts from: the cart, the customer, and what an earlier attempt already planned and placed.
public struct CheckoutInput: Sendable {
    public var cart: Cart
    public var context: CartContext
    /// Orders an earlier, partly failed checkout of this cart placed, with their order groups, in result order.
    public var placed: [(group: String, order: Order)]
    /// The groups the first attempt planned; `nil` on the first attempt.
    public var groups: CheckoutGroups?
    public var fulfilmentDelay: TimeInterval
    /// When an order with these catalog item ids, placed at this instant, is due, if a fulfilment rule says so
    /// (`/_admin/fulfilment/rules`); `fulfilmentDelay` otherwise.
    public var fulfilmentDue: (@Sendable ([String], Date) -> Date?)?
    public var faults: any PlacementFaults

    public init(
        cart: Cart, context: CartContext, placed: [(group: String, order: Order)], groups: CheckoutGroups? = nil, fulfilmentDelay: TimeInterval,
        faults: any PlacementFaults, fulfilmentDue: (@Sendable ([String], Date) -> Date?)? = nil
    ) {
        self.fulfilmentDue = fulfilmentDue
        self.cart = cart
        self.context = context
        self.placed = placed
        self.groups = groups
        self.fulfilmentDelay = fulfilmentDelay
        self.faults = faults
    }
}

import PartnerCenterModels

/// The outcome of a checkout: new orders to write, the result to answer (and keep for replays), and the groups to
/// keep for a retry.
public struct CheckoutPlan: Sendable {
    public var newOrders: [PlannedOrder]
    public var result: CartCheckoutResult
    /// The groups as first planned; a retry reads them back instead of regrouping the cart.
    public var groups: CheckoutGroups
    /// True when every group is placed: the cart becomes `Ordered`.
    public var isComplete: Bool { result.orderErrors.isEmpty }
    /// The cart as the checkout leaves it when it changes it (``CartLifecycle/ordered(_:at:)`` once every group is
    /// placed); `nil` while groups remain.
    public var cartAfter: Cart?

    public init(newOrders: [PlannedOrder], result: CartCheckoutResult, groups: CheckoutGroups, cartAfter: Cart? = nil) {
        self.newOrders = newOrders
        self.result = result
        self.groups = groups
        self.cartAfter = cartAfter
    }
}

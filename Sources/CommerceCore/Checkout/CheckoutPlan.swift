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

    public init(newOrders: [PlannedOrder], result: CartCheckoutResult, groups: CheckoutGroups) {
        self.newOrders = newOrders
        self.result = result
        self.groups = groups
    }
}

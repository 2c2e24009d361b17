import PartnerCenterModels

/// Lets the sandbox (and tests) make an order group fail at checkout, as Partner Center's order system
/// sometimes does, so partial checkout and its retry can be exercised (spec §5.4).
public protocol PlacementFaults: Sendable {
    /// The failure to report for this group instead of placing it, or `nil` to place it.
    func failure(cartID: String, orderGroup: String, lines: [CartLineItem]) -> OrderError?
}

/// No injected failures: every valid group is placed.
public struct NoPlacementFaults: PlacementFaults {
    public init() {}
    public func failure(cartID: String, orderGroup: String, lines: [CartLineItem]) -> OrderError? { nil }
}

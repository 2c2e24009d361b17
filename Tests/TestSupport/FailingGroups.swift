import CommerceCore
import PartnerCenterModels

/// Fails every order group whose label is in `groups` (a partial checkout), as Partner Center's order system can.
public struct FailingGroups: PlacementFaults {
    public let groups: Set<String>

    public init(groups: Set<String>) { self.groups = groups }

    public func failure(cartID: String, orderGroup: String, lines: [CartLineItem]) -> OrderError? {
        groups.contains(orderGroup) ? OrderError(orderGroupId: orderGroup, code: 800017, description: "The order group could not be placed.") : nil
    }
}

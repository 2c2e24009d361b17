import Foundation
import PartnerCenterModels

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

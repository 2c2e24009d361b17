import Foundation

/// `GET …/subscriptions/{id}/provisioningstatus`: whether the subscription's seats are provisioned.
public struct SubscriptionProvisioningStatus: Codable, Hashable, Sendable {
    public var skuId: String?
    public var status: String
    public var quantity: Int?
    public var startDate: Date?
    public var endDate: Date?
    public var attributes: ResourceAttributes?

    public init(skuId: String?, status: String, quantity: Int?, startDate: Date?, endDate: Date?) {
        self.skuId = skuId
        self.status = status
        self.quantity = quantity
        self.startDate = startDate
        self.endDate = endDate
        self.attributes = ResourceAttributes(objectType: "SubscriptionProvisioningStatus")
    }
}

import NIOHTTP1
import PartnerCenterModels

/// `customer.subscriptions`: list (all, or one order's), or navigate to one subscription.
public struct SubscriptionCollectionOperations: Sendable {
    let customer: CustomerOperations

    var path: String { "\(customer.path)/subscriptions" }

    /// The first page of the customer's subscriptions, or only those an order created (the .NET `ByOrder`).
    public func get(orderID: String? = nil) async throws -> ResourceCollection<Subscription> {
        try await customer.client.send(.GET, query(orderID))
    }

    /// Every subscription, page by page as the sequence is read.
    public func all(orderID: String? = nil) -> ResourcePages<Subscription> {
        ResourcePages(client: customer.client, firstPath: query(orderID))
    }

    /// One subscription, by id.
    public func byID(_ id: String) -> SubscriptionOperations { SubscriptionOperations(customer: customer, id: id) }

    func query(_ orderID: String?) -> String { orderID.map { "\(path)?order_id=\($0.urlQueryEscaped)" } ?? path }
}

/// `customer.subscriptions.byID(id)`.
public struct SubscriptionOperations: Sendable {
    let customer: CustomerOperations
    public let id: String

    /// Reads the subscription.
    public func get() async throws -> Subscription {
        try await customer.client.send(.GET, "\(customer.path)/subscriptions/\(id.urlPathEscaped)")
    }
}

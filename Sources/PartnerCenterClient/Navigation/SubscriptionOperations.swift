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

    var path: String { "\(customer.path)/subscriptions/\(id.urlPathEscaped)" }

    /// Reads the subscription.
    public func get() async throws -> Subscription {
        try await customer.client.send(.GET, path)
    }

    /// Changes the subscription (the .NET `Patch`): send it as read, with the fields to change. Its
    /// `attributes.etag` guards against a change made since the read (409 / 2055). A `requestID` makes a retry
    /// answer the first result instead of changing twice.
    public func patch(_ subscription: Subscription, requestID: String? = nil) async throws -> Subscription {
        try await customer.client.send(.PATCH, path, body: subscription, requestID: requestID)
    }

    /// Reads the subscription, applies `change` and sends it back with the etag it was read with.
    public func update(requestID: String? = nil, _ change: (inout Subscription) -> Void) async throws -> Subscription {
        var subscription = try await get()
        change(&subscription)
        return try await patch(subscription, requestID: requestID)
    }

    /// Cancels a new-commerce subscription inside its refund window (`status: deleted`).
    public func cancel(requestID: String? = nil) async throws -> Subscription {
        try await update(requestID: requestID) { $0.status = .deleted }
    }

    /// The add-ons bought for the subscription.
    public func addOns() async throws -> ResourceCollection<Subscription> {
        try await customer.client.send(.GET, "\(path)/addons")
    }

    /// Whether the subscription's seats are provisioned.
    public func provisioningStatus() async throws -> SubscriptionProvisioningStatus {
        try await customer.client.send(.GET, "\(path)/provisioningstatus")
    }
}

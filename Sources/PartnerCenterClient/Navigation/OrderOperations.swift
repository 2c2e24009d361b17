import NIOHTTP1
import PartnerCenterModels

/// `customer.orders`: list, or navigate to one order.
public struct OrderCollectionOperations: Sendable {
    let customer: CustomerOperations

    var path: String { "\(customer.path)/orders" }

    /// Places an order of legacy offers without a cart (the .NET `Create`); it completes at once with its
    /// subscriptions. A `requestID` makes a retry answer this order instead of placing another.
    public func create(_ order: Order, requestID: String? = nil) async throws -> Order {
        try await customer.client.send(.POST, path, body: order, requestID: requestID)
    }

    /// The first page of the customer's orders, optionally of one billing cycle (`.monthly`, `.oneTime`, …).
    public func get(billingType: BillingCycleType? = nil) async throws -> ResourceCollection<Order> {
        try await customer.client.send(.GET, Self.query(path, billingType))
    }

    /// Every order, page by page as the sequence is read.
    public func all(billingType: BillingCycleType? = nil) -> ResourcePages<Order> {
        ResourcePages(client: customer.client, firstPath: Self.query(path, billingType))
    }

    /// One order, by id.
    public func byID(_ id: String) -> OrderOperations { OrderOperations(customer: customer, id: id) }

    static func query(_ path: String, _ billingType: BillingCycleType?) -> String {
        billingType.map { "\(path)?billingType=\($0.wireValue.urlQueryEscaped)" } ?? path
    }
}

/// `customer.orders.byID(id)`.
public struct OrderOperations: Sendable {
    let customer: CustomerOperations
    public let id: String

    var path: String { "\(customer.path)/orders/\(id.urlPathEscaped)" }

    /// Reads the order; its `status` moves from `pending` to `completed` as it is fulfilled. `includePrice` fills each
    /// line's `pricing` and the order's `totalPrice` (the .NET SDK's `Get(includePrice: true)`).
    public func get(includePrice: Bool = false) async throws -> Order {
        try await customer.client.send(.GET, includePrice ? path + "?include_price=true" : path)
    }

    /// The provisioning state of each line item.
    public func provisioningStatus() async throws -> ResourceCollection<OrderLineItemProvisioningStatus> {
        try await customer.client.send(.GET, "\(path)/provisioningstatus")
    }
}

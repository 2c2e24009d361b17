import Foundation
import NIOHTTP1
import PartnerCenterModels

/// `partner.customers`: create, list, and navigate to one customer.
public struct CustomerCollectionOperations: Sendable {
    let client: PartnerCenterClient

    /// Creates a customer; the answer carries its tenant id. `requestID` lets a caller repeat a call it lost the
    /// answer to (after a crash, say) without creating a second customer.
    public func create(_ customer: Customer, requestID: String? = nil) async throws -> Customer {
        try await client.send(.POST, "/customers", body: customer, requestID: requestID)
    }

    /// The first page of customers (`size` up to 500); `links.next` leads on.
    public func get(size: Int = 500) async throws -> ResourceCollection<Customer> {
        try await client.send(.GET, "/customers?size=\(size)")
    }

    /// Every customer, fetched page by page as the sequence is read.
    public func all(pageSize: Int = 500) -> ResourcePages<Customer> {
        ResourcePages(client: client, firstPath: "/customers?size=\(pageSize)")
    }

    /// One customer, by tenant id (the .NET SDK's `ById`).
    public func byID(_ id: String) -> CustomerOperations { CustomerOperations(client: client, id: id) }
}

/// `partner.customers.byID(id)`.
public struct CustomerOperations: Sendable {
    let client: PartnerCenterClient
    public let id: String

    var path: String { "/customers/\(id.urlPathEscaped)" }

    /// Reads the customer.
    public func get() async throws -> Customer {
        try await client.send(.GET, path)
    }

    /// The customer's carts: `carts.create(cart)`, `carts.byID(id)`.
    public var carts: CartCollectionOperations { CartCollectionOperations(customer: self) }

    /// The customer's orders: `orders.get()`, `orders.byID(id)`.
    public var orders: OrderCollectionOperations { OrderCollectionOperations(customer: self) }

    /// The customer's subscriptions: `subscriptions.get()`, `subscriptions.byID(id)`.
    public var subscriptions: SubscriptionCollectionOperations { SubscriptionCollectionOperations(customer: self) }

    /// The catalog as this customer's market sees it (`/customers/{id}/products…`): `.byTargetView(v).get()`,
    /// `.byID(p).skus…`, as under `products.byCountry(_:)`.
    public var products: ProductsInCountry { ProductsInCountry(client: client, country: "", prefix: path) }
}

extension String {
    /// One path segment, escaped so that an id cannot change the path (`/`, `?`, `#`, `..`).
    var urlPathEscaped: String {
        let escaped = addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(.init(charactersIn: "/?#;"))) ?? self
        return escaped == "." || escaped == ".." ? escaped.replacingOccurrences(of: ".", with: "%2E") : escaped
    }

    /// One query value, escaped so that it cannot add parameters.
    var urlQueryEscaped: String { addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(.init(charactersIn: "&=+#"))) ?? self }
}

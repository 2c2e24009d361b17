import NIOHTTP1
import PartnerCenterModels

/// `customer.carts`: make a cart, or navigate to one (there is no list of carts in Partner Center).
public struct CartCollectionOperations: Sendable {
    let customer: CustomerOperations

    /// Creates a cart of `cart.lineItems`; the answer has its id, expiry and any line-item errors.
    public func create(_ cart: Cart, requestID: String? = nil) async throws -> Cart {
        try await customer.client.send(.POST, "\(customer.path)/carts", body: cart, requestID: requestID)
    }

    /// One cart, by id.
    public func byID(_ id: String) -> CartOperations { CartOperations(customer: customer, id: id) }
}

/// `customer.carts.byID(id)`: read, replace, check out.
public struct CartOperations: Sendable {
    let customer: CustomerOperations
    public let id: String

    var path: String { "\(customer.path)/carts/\(id.urlPathEscaped)" }

    /// Reads the cart.
    public func get() async throws -> Cart {
        try await customer.client.send(.GET, path)
    }

    /// Replaces the cart's line items with `cart.lineItems`.
    public func put(_ cart: Cart, requestID: String? = nil) async throws -> Cart {
        try await customer.client.send(.PUT, path, body: cart, requestID: requestID)
    }

    /// Checks the cart out. The result lists the orders placed and, separately, every order group that failed
    /// (`orderErrors`): a 201 can be a partial purchase. ``checkoutCompletely(customerUserUPN:requestID:)`` throws
    /// for those instead.
    ///
    /// - Parameters:
    ///   - customerUserUPN: the customer's user to assign licences to (`x-ms-customeruser-upn`).
    ///   - requestID: repeat an earlier checkout whose answer was lost, by its `MS-RequestId`; the service answers
    ///     with the orders that checkout placed. Retries within this call reuse the id by themselves.
    public func checkout(customerUserUPN: String? = nil, requestID: String? = nil) async throws -> CartCheckoutResult {
        let headers = customerUserUPN.map { [("x-ms-customeruser-upn", $0)] } ?? []
        return try await customer.client.send(.POST, "\(path)/checkout", headers: headers, requestID: requestID)
    }

    /// Checks the cart out and throws ``IncompleteCheckoutError`` when any order group failed; the error holds the
    /// whole result, orders placed included.
    public func checkoutCompletely(customerUserUPN: String? = nil, requestID: String? = nil) async throws -> CartCheckoutResult {
        let result = try await checkout(customerUserUPN: customerUserUPN, requestID: requestID)
        guard result.orderErrors.isEmpty else { throw IncompleteCheckoutError(result: result) }
        return result
    }
}

/// A checkout that placed some orders but not all (or none): `orderErrors` is not empty.
public struct IncompleteCheckoutError: Error, Sendable, CustomStringConvertible {
    /// Everything the checkout answered, the orders it did place included.
    public let result: CartCheckoutResult

    public var description: String {
        let failed = result.orderErrors.map { "order group \($0.orderGroupId): \($0.code) \($0.description)" }.joined(separator: "; ")
        return "checkout placed \(result.orders.count) order(s) and failed \(result.orderErrors.count): \(failed)"
    }
}

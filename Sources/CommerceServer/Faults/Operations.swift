import HTTPTypes

/// The names fault rules match calls by (`"operation": "checkout"`), after the .NET SDK's operations: one per route
/// and method of `/v1`.
enum Operations {
    /// Route (as the router names it, lower-cased) and method → operation.
    static let byRoute: [String: String] = {
        let routes: [(HTTPRequest.Method, String, String)] = [
            (.get, "/v1/customers", "getCustomers"),
            (.post, "/v1/customers", "createCustomer"),
            (.get, "/v1/customers/{customerid}", "getCustomer"),
            (.post, "/v1/customers/{customerid}/carts", "createCart"),
            (.get, "/v1/customers/{customerid}/carts/{cartid}", "getCart"),
            (.put, "/v1/customers/{customerid}/carts/{cartid}", "updateCart"),
            (.post, "/v1/customers/{customerid}/carts/{cartid}/checkout", "checkout"),
            (.get, "/v1/customers/{customerid}/orders", "getOrders"),
            (.post, "/v1/customers/{customerid}/orders", "createOrder"),
            (.get, "/v1/customers/{customerid}/orders/{orderid}", "getOrder"),
            (.get, "/v1/customers/{customerid}/orders/{orderid}/provisioningstatus", "getOrderProvisioningStatus"),
            (.get, "/v1/customers/{customerid}/subscriptions", "getSubscriptions"),
            (.get, "/v1/customers/{customerid}/subscriptions/{subscriptionid}", "getSubscription"),
            (.patch, "/v1/customers/{customerid}/subscriptions/{subscriptionid}", "updateSubscription"),
            (.get, "/v1/customers/{customerid}/subscriptions/{subscriptionid}/provisioningstatus", "getSubscriptionProvisioningStatus"),
            (.get, "/v1/customers/{customerid}/subscriptions/{subscriptionid}/addons", "getSubscriptionAddOns"),
            (.get, "/v1/products", "getProducts"),
            (.get, "/v1/products/{productid}", "getProduct"),
            (.get, "/v1/products/{productid}/skus", "getSkus"),
            (.get, "/v1/products/{productid}/skus/{skuid}", "getSku"),
            (.get, "/v1/products/{productid}/skus/{skuid}/availabilities", "getAvailabilities"),
            (.get, "/v1/products/{productid}/skus/{skuid}/availabilities/{availabilityid}", "getAvailability"),
            (.get, "/v1/customers/{customerid}/products", "getCustomerProducts"),
            (.get, "/v1/customers/{customerid}/products/{productid}", "getCustomerProduct"),
            (.get, "/v1/customers/{customerid}/products/{productid}/skus", "getCustomerSkus"),
            (.get, "/v1/customers/{customerid}/products/{productid}/skus/{skuid}", "getCustomerSku"),
            (.get, "/v1/customers/{customerid}/products/{productid}/skus/{skuid}/availabilities", "getCustomerAvailabilities"),
            (.get, "/v1/customers/{customerid}/products/{productid}/skus/{skuid}/availabilities/{availabilityid}", "getCustomerAvailability"),
            (.get, "/v1/offers", "getOffers"),
            (.get, "/v1/offers/{offerid}", "getOffer"),
            (.get, "/v1/profiles/mpn", "getMpnProfile"),
        ]
        return Dictionary(uniqueKeysWithValues: routes.map { ($0.0.rawValue + " " + $0.1, $0.2) })
    }()

    /// Every operation name, sorted (`GET /_admin/faults/operations`).
    static let names: [String] = byRoute.values.sorted()

    /// The operation a matched route serves, or `nil` for a route no rule can name.
    static func name(method: HTTPRequest.Method, route: String?) -> String? {
        guard let route else { return nil }
        return byRoute[method.rawValue + " " + route.lowercased()]
    }
}

/// Which limits apply to which calls (spec §10): Partner Center throttles per partner tenant, and per partner
/// and customer for cart writes and checkout. The documented figure is 500 requests a minute per tenant for
/// orders, subscriptions and customers; carts and checkout have no published number, so ours are choices.
public struct ThrottlePolicy: Sendable, Equatable {
    /// Requests per minute per partner, for each of customers, orders, subscriptions, carts and the catalog.
    public var tenantPerMinute: Int
    /// Cart creates and updates per minute per partner and customer.
    public var cartWritesPerMinute: Int
    /// Checkouts per minute per partner and customer.
    public var checkoutsPerMinute: Int

    public init(tenantPerMinute: Int = 500, cartWritesPerMinute: Int = 300, checkoutsPerMinute: Int = 100) {
        self.tenantPerMinute = tenantPerMinute
        self.cartWritesPerMinute = cartWritesPerMinute
        self.checkoutsPerMinute = checkoutsPerMinute
    }

    /// The documented defaults.
    public static let partnerCenter = ThrottlePolicy()

    /// The buckets a call draws from, as (key, requests per minute); empty when it is not throttled.
    /// `path` is the request path below `/v1`, lower-cased, split into segments.
    public func buckets(partner: String, method: String, segments: [String]) -> [(key: String, perMinute: Int)] {
        guard let first = segments.first else { return [] }
        switch first {
        case "products", "offers":
            return [("\(partner)|catalog", tenantPerMinute)]
        case "customers":
            guard segments.count >= 3 else { return [("\(partner)|customers", tenantPerMinute)] }
            let customer = segments[1]
            switch segments[2] {
            case "orders": return [("\(partner)|orders", tenantPerMinute)]
            case "subscriptions": return [("\(partner)|subscriptions", tenantPerMinute)]
            case "carts":
                var buckets = [("\(partner)|carts", tenantPerMinute)]
                if segments.count >= 5, segments[4] == "checkout" {
                    buckets.append(("\(partner)|\(customer)|checkout", checkoutsPerMinute))
                } else if method != "GET" {
                    buckets.append(("\(partner)|\(customer)|cart-writes", cartWritesPerMinute))
                }
                return buckets
            default:
                return [("\(partner)|customers", tenantPerMinute)]
            }
        default:
            return []
        }
    }
}

import CommerceCore

/// Which buckets a call draws from: Partner Center throttles per partner for each resource family, and per
/// partner and customer for cart writes and checkout (spec §10). Path knowledge, so it lives with the routes.
enum ThrottleFamilies {
    /// The buckets for a call, as (key, requests per minute); empty when it is not throttled.
    /// `segments` is the request path below `/v1`, lower-cased.
    static func buckets(_ policy: ThrottlePolicy, partner: String, method: String, segments: [String]) -> [(key: String, perMinute: Int)] {
        guard let first = segments.first else { return [] }
        switch first {
        case "products", "offers":
            return [("\(partner)|catalog", policy.tenantPerMinute)]
        case "webhooks":
            return [("\(partner)|webhooks", policy.tenantPerMinute)]
        case "customers":
            guard segments.count >= 3 else { return [("\(partner)|customers", policy.tenantPerMinute)] }
            let customer = segments[1]
            switch segments[2] {
            case "orders": return [("\(partner)|orders", policy.tenantPerMinute)]
            case "subscriptions": return [("\(partner)|subscriptions", policy.tenantPerMinute)]
            case "carts":
                var buckets = [("\(partner)|carts", policy.tenantPerMinute)]
                if segments.count >= 5, segments[4] == "checkout" {
                    buckets.append(("\(partner)|\(customer)|checkout", policy.checkoutsPerMinute))
                } else if method != "GET" {
                    buckets.append(("\(partner)|\(customer)|cart-writes", policy.cartWritesPerMinute))
                }
                return buckets
            default:
                return [("\(partner)|customers", policy.tenantPerMinute)]
            }
        default:
            return []
        }
    }
}

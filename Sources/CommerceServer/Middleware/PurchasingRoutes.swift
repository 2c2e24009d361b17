import HTTPTypes

/// The writes only a purchasing role may make (`PartnerRole.requirePurchasing`): creating and changing carts,
/// checkout, orders without a cart, and changing a subscription. The handlers check the role themselves; the
/// idempotency middleware checks it too, before it replays a recorded answer, so a weaker user of the same
/// partner cannot get a buyer's answer back by sending the buyer's `MS-RequestId`, path and body.
enum PurchasingRoutes {
    static func contains(_ method: HTTPRequest.Method, path: String) -> Bool {
        let segments = path.lowercased().split(separator: "/")
        guard segments.count >= 4, segments[0] == "v1", segments[1] == "customers" else { return false }
        let rest = segments.dropFirst(3).map(String.init)
        switch method {
        case .post: return rest == ["carts"] || rest == ["orders"] || (rest.count == 3 && rest[0] == "carts" && rest[2] == "checkout")
        case .put: return rest.count == 2 && rest[0] == "carts"
        case .patch: return rest.count == 2 && rest[0] == "subscriptions"
        default: return false
        }
    }
}

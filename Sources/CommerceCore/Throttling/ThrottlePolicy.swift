/// The request limits (spec §10): per partner tenant, and per partner and customer for cart writes and
/// checkout. Which calls draw from which limit is decided where the routes are (CommerceServer). The documented
/// figure is 500 requests a minute per tenant for orders, subscriptions and customers; the rest are our choices.
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
}

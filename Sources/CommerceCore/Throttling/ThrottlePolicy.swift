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
    /// Token requests per minute per client id, and separately per remote address (our figure: Entra publishes
    /// none). Bounds password guessing and secret hashing from any one source.
    public var tokenRequestsPerMinute: Int
    /// Failed sign-ins (a wrong password or secret, an unknown or disabled user) per minute per remote address,
    /// well below `tokenRequestsPerMinute`: each costs a password hash, so past it an address's sign-ins are
    /// refused before any hashing until the budget refills (our figure).
    public var failedSignInsPerMinute: Int

    public init(
        tenantPerMinute: Int = 500, cartWritesPerMinute: Int = 300, checkoutsPerMinute: Int = 100, tokenRequestsPerMinute: Int = 300,
        failedSignInsPerMinute: Int = 20
    ) {
        self.failedSignInsPerMinute = failedSignInsPerMinute
        self.tenantPerMinute = tenantPerMinute
        self.cartWritesPerMinute = cartWritesPerMinute
        self.checkoutsPerMinute = checkoutsPerMinute
        self.tokenRequestsPerMinute = tokenRequestsPerMinute
    }

    /// The documented defaults.
    public static let partnerCenter = ThrottlePolicy()
}

/// The events a partner can register for (after-checkout §8), and the ones this server raises.
public enum WebhookEventName {
    public static let subscriptionCreated = "subscription-created"
    public static let subscriptionUpdated = "subscription-updated"
    public static let subscriptionRenewed = "subscription-renewed"
    /// Raised when a term ends without a renewal (auto-renew off, or suspended): the subscription has expired.
    public static let subscriptionRenewalExpiring = "subscription-renewal-expiring"
    public static let customerCreated = "customer-created"
    public static let testCreated = "test-created"
    /// Raised when a billing month closes into an invoice.
    public static let invoiceReady = "invoice-ready"

    /// Every name `GET /webhooks/v1/registration/events` lists: the documented ones. Registering for one this
    /// server never raises (`usagerecords-updated`) is allowed; it simply never fires.
    public static let all = [
        subscriptionCreated, subscriptionUpdated, subscriptionRenewed, subscriptionRenewalExpiring, customerCreated, testCreated,
        invoiceReady, "usagerecords-updated",
    ]
}

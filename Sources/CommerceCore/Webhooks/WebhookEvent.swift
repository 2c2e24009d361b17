/// One event for a partner's webhook, as the rules name it: its id, its name, and the public path of the resource
/// it is about (Partner Center's `resourceUri` is the registration's origin followed by this path). The store only
/// queues what it is given, so the paths of the public API are written here, next to the rules that raise them.
public struct WebhookEvent: Sendable, Equatable {
    /// The outbox row's id, from the server's id generator (seeded runs repeat it).
    public var id: String
    /// One of ``WebhookEventName``.
    public var name: String
    /// The resource's path on the public API, for example `/v1/customers/{id}`.
    public var resourcePath: String
    /// Partner Center's `resourceName`: `Customer`, `Subscription`, `invoice` or `Test`.
    public var resourceName: String
    /// Set on `test-created` events: what `GET …/validationEvents/{id}` looks the delivery up by.
    public var correlationID: String?

    public init(id: String, name: String, resourcePath: String, resourceName: String, correlationID: String? = nil) {
        self.id = id
        self.name = name
        self.resourcePath = resourcePath
        self.resourceName = resourceName
        self.correlationID = correlationID
    }

    /// `customer-created` for a new customer.
    public static func customerCreated(customerID: String, ids: any IDGenerator) -> WebhookEvent {
        WebhookEvent(
            id: ids.guid(), name: WebhookEventName.customerCreated, resourcePath: "/v1/customers/\(customerID.lowercased())", resourceName: "Customer"
        )
    }

    /// An event about one of a customer's subscriptions (`subscription-created`, `-updated`, `-renewed`, …).
    public static func subscription(_ name: String, customerID: String, subscriptionID: String, ids: any IDGenerator) -> WebhookEvent {
        WebhookEvent(
            id: ids.guid(), name: name, resourcePath: "/v1/customers/\(customerID.lowercased())/subscriptions/\(subscriptionID.lowercased())",
            resourceName: "Subscription"
        )
    }

    /// `invoice-ready` for an invoice a closed month made (`ResourceName` `invoice`, as the docs write it).
    public static func invoiceReady(invoiceID: String, ids: any IDGenerator) -> WebhookEvent {
        WebhookEvent(id: ids.guid(), name: WebhookEventName.invoiceReady, resourcePath: "/v1/invoices/\(invoiceID)", resourceName: "invoice")
    }

    /// The `test-created` event `POST /webhooks/v1/registration/validationEvents` queues; its correlation id is
    /// also the last segment of its path.
    public static func validation(ids: any IDGenerator) -> WebhookEvent {
        let correlation = ids.guid()
        return WebhookEvent(
            id: ids.guid(), name: WebhookEventName.testCreated, resourcePath: "/webhooks/v1/registration/validationEvents/\(correlation)",
            resourceName: "Test", correlationID: correlation
        )
    }

    /// Whether a registration's stored event list (its JSON array of names; `nil` without a registration) listens
    /// for `name`. `test-created` is delivered to any registration.
    public static func isListed(_ name: String, in registered: String?) -> Bool {
        guard let registered else { return false }
        return name == WebhookEventName.testCreated || registered.contains("\"\(name)\"")
    }
}

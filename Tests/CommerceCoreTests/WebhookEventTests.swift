import CommerceCore
import Testing

/// The webhook events the rules make: their public paths, their ids from the generator, and which registrations
/// listen for them.
@Suite struct WebhookEventTests {
    @Test func eventsNameTheResourcesPublicPathInLowerCase() {
        let ids = SeedableIDGenerator(seed: 7)
        let customer = WebhookEvent.customerCreated(customerID: "ABC", ids: ids)
        #expect(customer.resourcePath == "/v1/customers/abc" && customer.resourceName == "Customer")
        let subscription = WebhookEvent.subscription(WebhookEventName.subscriptionRenewed, customerID: "ABC", subscriptionID: "DEF", ids: ids)
        #expect(subscription.resourcePath == "/v1/customers/abc/subscriptions/def" && subscription.name == "subscription-renewed")
        let validation = WebhookEvent.validation(ids: ids)
        #expect(validation.resourcePath == "/webhooks/v1/registration/validationEvents/\(validation.correlationID ?? "?")")
        #expect(Set([customer.id, subscription.id, validation.id, validation.correlationID]).count == 4)
    }

    @Test func theSameSeedMakesTheSameIds() {
        let first = WebhookEvent.customerCreated(customerID: "c", ids: SeedableIDGenerator(seed: 42))
        #expect(WebhookEvent.customerCreated(customerID: "c", ids: SeedableIDGenerator(seed: 42)) == first)
    }

    @Test(arguments: [
        (WebhookEventName.customerCreated, #"["customer-created"]"#, true),
        (WebhookEventName.customerCreated, #"["subscription-created"]"#, false),
        (WebhookEventName.subscriptionCreated, #"["subscription-created-later"]"#, false),
        (WebhookEventName.testCreated, "[]", true),
        (WebhookEventName.testCreated, nil, false),
        (WebhookEventName.customerCreated, nil, false),
    ])
    func aRegistrationListensForTheNamesItLists(_ name: String, _ registered: String?, _ listens: Bool) {
        #expect(WebhookEvent.isListed(name, in: registered) == listens)
    }
}

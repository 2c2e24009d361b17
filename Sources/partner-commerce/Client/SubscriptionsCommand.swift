import ArgumentParser
import PartnerCenterClient
import PartnerCenterModels

/// `partner-commerce subscriptions list|get|set|cancel|addons`.
struct SubscriptionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscriptions", abstract: "Read and change a customer's subscriptions.",
        subcommands: [List.self, Get.self, Set.self, Cancel.self, AddOns.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a customer's subscriptions (PowerShell: Get-PartnerCustomerSubscription).")
        @OptionGroup var client: ClientOptions
        @Option(help: "The customer's tenant id.") var customerID: String
        @Option(help: "Only the subscriptions this order created.") var orderID: String?

        func run() async throws {
            try await ClientSession.run(client) { session in
                var subscriptions: [Subscription] = []
                for try await each in session.client.customers.byID(customerID).subscriptions.all(orderID: orderID) { subscriptions.append(each) }
                try Output(format: client.output).show(ResourceCollection(items: subscriptions), ids: subscriptions.map(\.id)) {
                    Views.subscriptions(subscriptions)
                }
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read one subscription (PowerShell: Get-PartnerCustomerSubscription -SubscriptionId).")
        @OptionGroup var client: ClientOptions
        @Option(help: "The customer's tenant id.") var customerID: String
        @Option(help: "The subscription's id.") var subscriptionID: String

        func run() async throws {
            try await ClientSession.run(client) { session in
                let subscription = try await session.client.customers.byID(customerID).subscriptions.byID(subscriptionID).get()
                try Output(format: client.output).show(subscription, ids: [subscription.id]) { Views.subscriptions([subscription]) }
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change seats, status, auto-renew or name (PowerShell: Set-PartnerCustomerSubscription).",
            discussion:
                "Reads the subscription and sends it back changed, with the etag it was read with: a change made in between is refused (409 / 2055)."
        )
        @OptionGroup var client: ClientOptions
        @Option(help: "The customer's tenant id.") var customerID: String
        @Option(help: "The subscription's id.") var subscriptionID: String
        @Option(help: "The new seat count.") var quantity: Int?
        @Option(help: "active or suspended.") var status: String?
        @Option(help: "true or false.") var autoRenew: Bool?
        @Option(help: "The subscription's new display name.") var friendlyName: String?
        @Option(help: "The MS-RequestId to send: repeating the change with the same id changes once.") var requestID: String?

        func validate() throws {
            guard quantity != nil || status != nil || autoRenew != nil || friendlyName != nil else {
                throw ValidationError("Name something to change: --quantity, --status, --auto-renew or --friendly-name.")
            }
            if let status, !["active", "suspended"].contains(status.lowercased()) {
                throw ValidationError("--status is active or suspended; to cancel, use `subscriptions cancel`.")
            }
        }

        func run() async throws {
            // A dry run reads the subscription for real and prints the PATCH it would send.
            try await ClientSession.run(client, sendingReads: true) { session in
                let subscription = try await session.client.customers.byID(customerID).subscriptions.byID(subscriptionID).update(requestID: requestID)
                {
                    if let quantity { $0.quantity = quantity }
                    if let status { $0.status = SubscriptionStatus(wire: status.lowercased()) }
                    if let autoRenew { $0.autoRenewEnabled = autoRenew }
                    if let friendlyName { $0.friendlyName = friendlyName }
                }
                try Output(format: client.output).show(subscription, ids: [subscription.id]) { Views.subscriptions([subscription]) }
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a new-commerce subscription inside its 7-day window (status deleted).",
            discussion: "After the window the server refuses (400 / 800091); suspend the subscription instead."
        )
        @OptionGroup var client: ClientOptions
        @Option(help: "The customer's tenant id.") var customerID: String
        @Option(help: "The subscription's id.") var subscriptionID: String
        @Option(help: "The MS-RequestId to send.") var requestID: String?

        func run() async throws {
            try await ClientSession.run(client, sendingReads: true) { session in
                let subscription = try await session.client.customers.byID(customerID).subscriptions.byID(subscriptionID).cancel(requestID: requestID)
                try Output(format: client.output).show(subscription, ids: [subscription.id]) { Views.subscriptions([subscription]) }
            }
        }
    }

    struct AddOns: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "addons", abstract: "List the add-ons bought for a subscription (PowerShell: Get-PartnerCustomerSubscriptionAddOn)."
        )
        @OptionGroup var client: ClientOptions
        @Option(help: "The customer's tenant id.") var customerID: String
        @Option(help: "The parent subscription's id.") var subscriptionID: String

        func run() async throws {
            try await ClientSession.run(client) { session in
                let addOns = try await session.client.customers.byID(customerID).subscriptions.byID(subscriptionID).addOns()
                try Output(format: client.output).show(addOns, ids: addOns.items.map(\.id)) { Views.subscriptions(addOns.items) }
            }
        }
    }
}

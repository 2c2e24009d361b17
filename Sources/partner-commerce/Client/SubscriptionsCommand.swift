import ArgumentParser
import PartnerCenterClient
import PartnerCenterModels

/// `partner-commerce subscriptions list|get`.
struct SubscriptionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscriptions", abstract: "Read a customer's subscriptions.", subcommands: [List.self, Get.self]
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
        static let configuration = CommandConfiguration(abstract: "Read one subscription (PowerShell: Get-PartnerCustomerSubscription -SubscriptionId).")
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
}

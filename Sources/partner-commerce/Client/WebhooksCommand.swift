import ArgumentParser
import PartnerCenterClient
import PartnerCenterModels

/// `partner-commerce webhooks register|get|delete|test`.
struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks", abstract: "Register a webhook for Partner Center events and test it.",
        subcommands: [Register.self, Get.self, Delete.self, Test.self]
    )

    static func table(_ registration: WebhookRegistration) -> String {
        "url     \(registration.webhookUrl)\nevents  \(registration.webhookEvents.joined(separator: ", "))"
    }

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register (or with --update, change) the partner's webhook.",
            discussion:
                "Events: subscription-created, subscription-updated, subscription-renewed, subscription-renewal-expiring, customer-created, test-created, …"
        )
        @OptionGroup var client: ClientOptions
        @Option(help: "Where deliveries go (http or https).") var webhookURL: String
        @Option(name: .customLong("event"), help: "An event to deliver (repeatable).") var events: [String]
        @Flag(help: "Change the existing registration instead of making one.") var update = false
        @Option(help: "The MS-RequestId to send.") var requestID: String?

        func run() async throws {
            try await ClientSession.run(client) { session in
                let webhooks = session.client.webhooks
                let saved =
                    update
                    ? try await webhooks.update(url: webhookURL, events: events, requestID: requestID)
                    : try await webhooks.register(url: webhookURL, events: events, requestID: requestID)
                try Output(format: client.output).show(saved, ids: [saved.subscriberId ?? ""]) { WebhooksCommand.table(saved) }
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the partner's webhook registration.")
        @OptionGroup var client: ClientOptions

        func run() async throws {
            try await ClientSession.run(client) { session in
                let registration = try await session.client.webhooks.get()
                try Output(format: client.output).show(registration, ids: [registration.subscriberId ?? ""]) { WebhooksCommand.table(registration) }
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove the partner's webhook registration.")
        @OptionGroup var client: ClientOptions

        func run() async throws {
            try await ClientSession.run(client) { session in try await session.client.webhooks.delete() }
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a test-created event to the registered URL (at most 2 a minute); prints its correlation id."
        )
        @OptionGroup var client: ClientOptions

        func run() async throws {
            try await ClientSession.run(client) { session in print(try await session.client.webhooks.sendTestEvent()) }
        }
    }
}

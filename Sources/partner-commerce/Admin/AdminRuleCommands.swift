import ArgumentParser
import Foundation
import NIOHTTP1

/// `admin faults list|add|clear`: injected faults, server-wide or for one partner.
struct AdminFaults: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faults", abstract: "List, add or clear fault rules.", subcommands: [List.self, Add.self, Clear.self],
        defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The fault rules in force.")
        @OptionGroup var admin: AdminOptions
        @Option(help: "Only this partner's rules.") var partnerId: String?

        func run() async throws {
            AdminClient.show(try await AdminClient(admin).call(.GET, "/_admin/faults", query: [("partnerId", partnerId)]))
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a fault rule: the matching calls fail as Partner Center and networks do.",
            discussion: "Example: admin faults add --operation checkout --fault throttle --retry-after 2 --times 1")
        @OptionGroup var admin: AdminOptions
        @Option(help: "The operation (GET /_admin/faults/operations lists them); every call when absent.") var operation: String?
        @Option(help: "error, throttle, delay or drop.") var fault: String
        @Option(help: "Only this partner's calls.") var partnerId: String?
        @Option(help: "Only this customer's calls.") var customerId: String?
        @Option(help: "The next N matching calls, then the rule goes.") var times: Int?
        @Option(help: "The share of matching calls hit, above 0 and at most 1.") var probability: Double?
        @Option(help: "beforeCommit (default) or afterCommit.") var when: String?
        @Option(help: "error: the HTTP status.") var status: Int?
        @Option(help: "error: the ApiFault code.") var code: Int?
        @Option(name: .customLong("description"), help: "error: the ApiFault description.") var faultDescription: String?
        @Option(help: "throttle: the Retry-After seconds.") var retryAfter: Int?
        @Option(help: "delay: milliseconds before the call runs.") var delayMilliseconds: Int?

        func run() async throws {
            var body: [String: Any] = ["fault": fault]
            let texts = [
                ("operation", operation), ("partnerId", partnerId), ("customerId", customerId), ("when", when), ("description", faultDescription),
            ]
            for (name, value) in texts { if let value { body[name] = value } }
            let numbers: [(String, Int?)] = [("times", times), ("status", status), ("code", code), ("retryAfter", retryAfter)]
            for (name, value) in numbers + [("delayMilliseconds", delayMilliseconds)] { if let value { body[name] = value } }
            if let probability { body["probability"] = probability }
            AdminClient.show(try await AdminClient(admin).call(.POST, "/_admin/faults", body: body))
        }
    }

    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Clear every fault rule, or one partner's.")
        @OptionGroup var admin: AdminOptions
        @Option(help: "Only this partner's rules.") var partnerId: String?

        func run() async throws {
            try await AdminClient(admin).call(.DELETE, "/_admin/faults", query: [("partnerId", partnerId)])
            print("cleared")
        }
    }
}

/// `admin rules list|add|clear`: fulfilment rules, server-wide or for one partner.
struct AdminRules: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List, add or clear fulfilment rules.", subcommands: [List.self, Add.self, Clear.self],
        defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The fulfilment rules in force.")
        @OptionGroup var admin: AdminOptions
        @Option(help: "Only this partner's rules.") var partnerId: String?

        func run() async throws {
            AdminClient.show(try await AdminClient(admin).call(.GET, "/_admin/fulfilment/rules", query: [("partnerId", partnerId)]))
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set how pending orders are fulfilled from now on.", discussion: "Example: admin rules add --mode hold")
        @OptionGroup var admin: AdminOptions
        @Option(help: "immediately, afterSeconds, afterReads, hold or fail.") var mode: String
        @Option(help: "Orders with a line of this catalog item (a prefix); every order when absent.") var catalogItemId: String?
        @Option(help: "Only this partner's orders.") var partnerId: String?
        @Option(help: "afterSeconds: the seconds.") var seconds: Double?
        @Option(help: "afterReads: the reads.") var reads: Int?
        @Option(help: "fail: the reason kept with the order.") var reason: String?

        func run() async throws {
            var body: [String: Any] = ["mode": mode]
            for (name, value) in [("catalogItemId", catalogItemId), ("partnerId", partnerId), ("reason", reason)] {
                if let value { body[name] = value }
            }
            if let seconds { body["seconds"] = seconds }
            if let reads { body["reads"] = reads }
            AdminClient.show(try await AdminClient(admin).call(.POST, "/_admin/fulfilment/rules", body: body))
        }
    }

    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Clear every fulfilment rule, or one partner's.")
        @OptionGroup var admin: AdminOptions
        @Option(help: "Only this partner's rules.") var partnerId: String?

        func run() async throws {
            try await AdminClient(admin).call(.DELETE, "/_admin/fulfilment/rules", query: [("partnerId", partnerId)])
            print("cleared")
        }
    }
}

import ArgumentParser
import Foundation
import NIOHTTP1

/// The journal's filters as options, shared by reading and clearing it.
struct JournalFilters: ParsableArguments {
    @Option(help: "An HTTP method.") var method: String?
    @Option(help: "Part of the path and query, any case.") var path: String?
    @Option(help: "The start of the path, any case.") var pathPrefix: String?
    @Option(help: "A status (404) or a class (4xx).") var status: String?
    @Option(help: "An MS-RequestId.") var requestId: String?
    @Option(help: "An MS-CorrelationId.") var correlationId: String?
    @Option(help: "The partner the request speaks for.") var partnerId: String?
    @Option(help: "At or after this ISO 8601 instant.") var since: String?
    @Option(help: "Before this ISO 8601 instant.") var until: String?

    var query: [(String, String?)] {
        [
            ("method", method), ("path", path), ("pathPrefix", pathPrefix), ("status", status), ("requestId", requestId),
            ("correlationId", correlationId), ("partnerId", partnerId), ("since", since), ("until", until),
        ]
    }
}

/// `admin journal [filters] [--at-least N]` and `admin journal clear [filters]`.
struct AdminJournal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal", abstract: "Read (or clear) the request journal.", subcommands: [Read.self, Clear.self], defaultSubcommand: Read.self)

    struct Read: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "read", abstract: "The journal's entries, newest first.")
        @OptionGroup var admin: AdminOptions
        @OptionGroup var filters: JournalFilters
        @Option(help: "At most this many entries (1–1000).") var limit: Int?
        @Option(help: "Wait until at least this many entries match.") var atLeast: Int?
        @Option(help: "Seconds --at-least waits at most (0–60).") var timeout: Double?

        func run() async throws {
            let query =
                filters.query + [("limit", limit.map(String.init)), ("atLeast", atLeast.map(String.init)), ("timeout", timeout.map { String($0) })]
            AdminClient.show(try await AdminClient(admin).call(.GET, "/_admin/requests", query: query))
        }
    }

    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Clear the entries the filters match (every entry without any).")
        @OptionGroup var admin: AdminOptions
        @OptionGroup var filters: JournalFilters

        func run() async throws {
            AdminClient.show(try await AdminClient(admin).call(.DELETE, "/_admin/requests", query: filters.query))
        }
    }
}

/// `admin partners create [--sandbox] | list`.
struct AdminPartners: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partners", abstract: "List partners, or make one (a sandbox partner with its credentials).",
        subcommands: [List.self, Create.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every partner.")
        @OptionGroup var admin: AdminOptions

        func run() async throws { AdminClient.show(try await AdminClient(admin).call(.GET, "/_admin/partners")) }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a partner; --sandbox adds an app, a user and a customer and prints their credentials (once).")
        @OptionGroup var admin: AdminOptions
        @Flag(help: "A partner ready for a test suite.") var sandbox = false
        @Option(help: "Its name (required without --sandbox).") var name: String?
        @Option(help: "Its tenant id (made up when absent).") var tenantId: String?

        func run() async throws {
            var body: [String: Any] = [:]
            if sandbox { body["sandbox"] = true }
            if let name { body["name"] = name }
            if let tenantId { body["tenantId"] = tenantId }
            AdminClient.show(try await AdminClient(admin).call(.POST, "/_admin/partners", body: body))
        }
    }
}

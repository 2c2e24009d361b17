import ArgumentParser
import Foundation
import NIOHTTP1

/// `partner-commerce admin …`: the test bench's `/_admin` routes from the command line, for a CI script or a
/// person: reset, the clock, fault and fulfilment rules, the journal and sandbox partners.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Drive the test bench over /_admin: reset, clock, faults, rules, journal, partners.",
        discussion: "Answers are the admin API's JSON. Failures exit 4 (the ApiFault printed) or 5 (nothing answers).",
        subcommands: [
            AdminLogin.self, AdminReset.self, AdminClock.self, AdminFaults.self, AdminRules.self, AdminJournal.self, AdminPartners.self,
        ]
    )
}

/// `admin login`: saves the admin key (and the server) in the profile, so later `admin` commands need neither.
struct AdminLogin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "login", abstract: "Save the server's admin key in the profile.")
    @Option(help: "The profile to save it in (env PARTNER_CENTER_PROFILE).") var profile: String?
    @Option(help: "The server's base URL (default: the profile's, or http://127.0.0.1:8080).") var url: String?
    @Option(help: "The /_admin key serve printed (or the one preset).") var adminKey: String

    func run() async throws {
        let name = profile ?? ProcessInfo.processInfo.environment["PARTNER_CENTER_PROFILE"] ?? "default"
        let store = ProfileStore(environment: ProcessInfo.processInfo.environment)
        let existing = try store.profile(name)
        let root = url ?? existing?.apiRoot ?? ClientSession.localServer
        // Checked before it is saved: a mistyped key should fail here, not at the next command.
        try await AdminClient(AdminOptions.parse(["--url", root, "--admin-key", adminKey])).call(.GET, "/_admin/clock")
        var saved = existing ?? Profile(apiRoot: root, authority: root, tenant: "common")
        saved.adminKey = adminKey
        if url != nil { saved.apiRoot = root }
        try store.save(saved, as: name)
        print("admin key saved in profile '" + name + "' for " + root)
    }
}

/// `admin reset`: everything, a partner or a customer back to the demo data (or empty).
struct AdminReset: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reset", abstract: "Reset everything, a partner or a customer.")
    @OptionGroup var admin: AdminOptions
    @Option(help: "Only this partner: its data, rules, journal entries and clock.") var partnerId: String?
    @Option(help: "Only this customer's carts, orders and subscriptions.") var customerId: String?
    @Option(help: "demo (the default) or empty.") var to: String?
    @Option(help: "Stand the clock (the partner's, with --partner-id) frozen at this ISO 8601 instant.") var clock: String?
    @Option(help: "Start the id sequence of this seed.") var seed: UInt64?

    func run() async throws {
        var body: [String: Any] = [:]
        for (name, value) in [("partnerId", partnerId), ("customerId", customerId), ("to", to), ("clock", clock)] where value != nil {
            body[name] = value
        }
        if let seed { body["seed"] = seed }
        AdminClient.show(try await AdminClient(admin).call(.POST, "/_admin/reset", body: body))
    }
}

/// `admin clock`: reads it, or moves it (and waits until what fell due has run, unless `--no-settle`).
struct AdminClock: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clock", abstract: "Read the clock, or advance, set, freeze or resume it (the server's or a partner's).")
    @OptionGroup var admin: AdminOptions
    @Option(help: "A partner's own clock.") var partnerId: String?
    @Option(help: "Move forward by an ISO 8601 duration (P30D, PT2H) or seconds.") var advance: String?
    @Option(help: "Move forward to an ISO 8601 instant.") var set: String?
    @Flag(help: "Stop the clock where it stands.") var freeze = false
    @Flag(help: "Let a frozen clock run again from where it stands.") var resume = false
    @Flag(help: "Answer at once instead of when the work the move made due has run.") var noSettle = false

    func validate() throws {
        guard [advance != nil, set != nil, freeze, resume].filter({ $0 }).count <= 1 else {
            throw ValidationError("Give at most one of --advance, --set, --freeze or --resume.")
        }
    }

    func run() async throws {
        let client = try AdminClient(admin)
        var body: [String: Any] = [:]
        if let advance {
            if let seconds = Double(advance) { body["advance"] = seconds } else { body["advance"] = advance }
        }
        if let set { body["set"] = set }
        if freeze { body["freeze"] = true }
        if resume { body["resume"] = true }
        guard !body.isEmpty else {
            AdminClient.show(try await client.call(.GET, "/_admin/clock", query: [("partnerId", partnerId)]))
            return
        }
        if let partnerId { body["partnerId"] = partnerId }
        if noSettle { body["settle"] = false }
        AdminClient.show(try await client.call(.POST, "/_admin/clock", body: body))
    }
}

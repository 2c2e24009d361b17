import ArgumentParser
import Foundation
import PartnerCenterClient

/// How a client command's answer is printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// Tables and key–value lines, for people.
    case table
    /// The resource as the API's JSON, for scripts.
    case json
    /// Only the ids of what was read or made, one a line (`cartId=$(partner-commerce carts new … --output id)`).
    case id
    /// Recon lines as the CSV file partners load into spreadsheets (`invoices lines` only).
    case csv
}

/// The options every client command shares: which profile, where, how to print, and whether to send at all.
struct ClientOptions: ParsableArguments {
    @Option(help: "The profile saved by `login` (env PARTNER_CENTER_PROFILE).") var profile: String?
    @Option(name: .customLong("url"), help: "The API's base URL, instead of the profile's (env PARTNER_CENTER_URL).") var url: String?
    @Option(name: [.customLong("output"), .customShort("o")], help: "table, json, id, or csv (invoices lines).") var output: OutputFormat = .table
    @Flag(help: "Print the request that would be sent, and send nothing (PowerShell's -WhatIf).") var dryRun = false
    @Option(help: "X-Locale: the language of descriptions and errors.") var locale: String = "en-US"
    @Option(help: "Attempts per call, the first included (retries reuse the call's MS-RequestId).") var maxAttempts: Int = 4
    @Option(help: "Seconds one call may take, retries included.") var timeout: Double = 300
    @Flag(help: "Log every HTTP attempt to stderr (the token redacted).") var verbose = false

    func validate() throws {
        guard (1...100).contains(maxAttempts) else { throw ValidationError("--max-attempts must be between 1 and 100.") }
        guard timeout.isFinite, timeout > 0, timeout <= 86_400 else { throw ValidationError("--timeout must be between 0 and 86400 seconds.") }
    }

    var profileName: String { profile ?? ProcessInfo.processInfo.environment["PARTNER_CENTER_PROFILE"] ?? "default" }
}

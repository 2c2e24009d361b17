import ArgumentParser
import CommerceServer
import Foundation
import PartnerCenterClient

/// `partner-commerce drift FOLDER --against URL`: where a server's answers have drifted from the recorded ones.
struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Send recorded requests to a server again and report where its answers' shape differs; exit 1 if any does.",
        discussion: """
            Compared: the status, fields missing or extra, JSON types, and enum values (strings that are one word). \
            Ids, dates, amounts and list lengths are data, not shape. Each request gets new MS-RequestId and \
            MS-CorrelationId values, the token of --token, PARTNER_CENTER_TOKEN or the login profile, and the ids \
            the server gave earlier answers in place of the recorded ones. Sign-ins are skipped.
            """
    )

    @Argument(help: "The fixtures folder.") var folder: String
    @Option(help: "The server to check, e.g. http://127.0.0.1:8080.") var against: String
    @Option(help: "The bearer token to send (default: PARTNER_CENTER_TOKEN, then the login profile).") var token: String?
    @Option(help: "The profile saved by `login` to sign in with (env PARTNER_CENTER_PROFILE).") var profile: String?
    @Option(help: "A CA certificate (PEM) to trust for an https server.") var ca: String?

    func validate() throws {
        guard RecordingTools.isServerURL(against) else { throw ValidationError("--against must be an http:// or https:// URL, without a query.") }
    }

    func run() async throws {
        let credentials = try credentials()
        let result: (report: String, drifted: Bool)
        do {
            result = try await RecordingTools.drift(folder: folder, against: against, trusting: ca) { try await credentials.token() }
        } catch let error as ExchangeFolderError {
            throw ValidationError(error.description)
        }
        print(result.report)
        if result.drifted { throw ExitCode(1) }
    }

    /// The token source the client commands use, asked only when a recorded request carried a token.
    private func credentials() throws -> any AccessTokenProvider {
        if let token { return StaticAccessToken(token) }
        var arguments = ["--url", against]
        if let profile { arguments += ["--profile", profile] }
        return try ClientSession(ClientOptions.parse(arguments)).credentials
    }
}

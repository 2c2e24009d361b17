import Foundation
import Logging
import PartnerCenterClient

/// A client made from the options, the environment and the saved profile, ready for one command.
///
/// Where the token comes from, first match wins: `PARTNER_CENTER_TOKEN`; the profile's token; its refresh token
/// (App+User); its client secret (App-only). The base URL: `--url`, `PARTNER_CENTER_URL`, the profile's, or
/// `http://127.0.0.1:8080` (a local `serve`).
struct ClientSession {
    let client: PartnerCenterClient
    /// Where the client's tokens come from (`drift` signs its requests with them too).
    let credentials: any AccessTokenProvider
    let options: ClientOptions
    /// The API root the commands call.
    let root: String
    private let store: ProfileStore
    private let profile: Profile?
    private let refreshing: RefreshTokenCredentials?

    static let localServer = "http://127.0.0.1:8080"

    /// `sendingReads`: a dry run still sends its GETs (it then needs a login), so a write made from a read shows.
    init(_ options: ClientOptions, sendingReads: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.options = options
        store = ProfileStore(environment: environment)
        let profile = try store.profile(options.profileName)
        self.profile = profile
        let root = options.url ?? environment["PARTNER_CENTER_URL"] ?? profile?.apiRoot ?? Self.localServer
        self.root = root
        let credentials: any AccessTokenProvider
        var refreshing: RefreshTokenCredentials?
        if let token = environment["PARTNER_CENTER_TOKEN"], !token.isEmpty {
            credentials = StaticAccessToken(token)
        } else if let profile, let token = profile.accessToken {
            credentials = StaticAccessToken(token)
        } else if let profile, let clientID = profile.clientID, let refreshToken = profile.refreshToken {
            let user = RefreshTokenCredentials(
                authority: profile.authority, tenantID: profile.tenant, clientID: clientID, clientSecret: profile.clientSecret,
                refreshToken: refreshToken
            )
            refreshing = user
            credentials = user
        } else if let profile, let clientID = profile.clientID, let secret = profile.clientSecret {
            credentials = ClientCredentials(authority: profile.authority, tenantID: profile.tenant, clientID: clientID, clientSecret: secret)
        } else if options.dryRun, !sendingReads {
            // A dry run fetches no token, so it needs no login.
            credentials = StaticAccessToken("")
        } else {
            throw ClientFailure.usage(
                "not logged in (profile '\(options.profileName)'): run `partner-commerce login`, or set PARTNER_CENTER_TOKEN."
            )
        }
        self.refreshing = refreshing
        self.credentials = credentials
        var logger = Logger(label: "partner-commerce") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = options.verbose ? .debug : .error
        let client = PartnerCenterClient(
            environment: PartnerCenterEnvironment(apiRoot: root, authority: profile?.authority ?? root), credentials: credentials,
            retry: RetryPolicy(maxAttempts: options.maxAttempts, totalTimeout: options.timeout), locale: options.locale,
            applicationName: "partner-commerce CLI", logger: logger
        )
        self.client =
            options.dryRun
            ? client.previewing(sendingReads: sendingReads) {
                print($0)
                print()
            } : client
    }

    /// Saves a refresh token the authority rotated during the command, so the next command can still sign in.
    func keepRotatedRefreshToken() {
        guard let refreshing, var profile, profile.refreshToken != refreshing.currentRefreshToken() else { return }
        profile.refreshToken = refreshing.currentRefreshToken()
        try? store.save(profile, as: options.profileName)
    }

    /// Runs `body` with the client, saves what must be kept, and turns a dry run's stop into success. `sendingReads`
    /// lets a dry run read, for commands whose write is made from a read.
    static func run(_ options: ClientOptions, sendingReads: Bool = false, _ body: (ClientSession) async throws -> Void) async throws {
        let session = try ClientSession(options, sendingReads: sendingReads)
        defer { session.keepRotatedRefreshToken() }
        do {
            try await body(session)
        } catch is RequestNotSent {
            // The request was printed instead of sent: that is a dry run's success.
        } catch let error as PartnerCenterError where error.kind == .network && Self.isRefused(error) {
            throw ClientFailure(
                code: 5,
                description: "error: nothing answers at " + session.root + " (connection refused). Start a server with "
                    + "`partner-commerce serve`, or point --url (or the profile) at one that runs.")
        }
    }

    /// Whether a network failure is a refused connection (nothing listens there), as opposed to a reset or a timeout.
    static func isRefused(_ error: PartnerCenterError) -> Bool {
        [error.message, error.underlying ?? ""].contains { $0.localizedCaseInsensitiveContains("connection refused") }
    }
}

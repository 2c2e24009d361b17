import ArgumentParser
import Foundation
import PartnerCenterClient

/// `partner-commerce login`: saves where the API is and how to sign in, after checking that the sign-in works.
struct Login: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign in and save the profile (PowerShell: Connect-PartnerCenter).",
        discussion: """
            Give one of: --token; --client-id with --client-secret (App-only); --client-id with --refresh-token (App+User, \
            as the Secure Application Model keeps one); --client-id with --username and --password or --password-stdin \
            (App+User against this server; only the refresh token it returns is saved, never the password). The profile \
            is saved in $XDG_CONFIG_HOME/partner-commerce/profiles.json (default ~/.config/…), readable by you only.
            """
    )

    @Option(help: "The profile's name (env PARTNER_CENTER_PROFILE).") var profile: String?
    @Option(help: "The API's base URL, e.g. http://127.0.0.1:8080 (this server, which also issues its tokens).") var url: String?
    @Option(help: "Microsoft's cloud instead of a URL: global, china, usgovernment or germany (retired).") var environment: String?
    @Option(help: "The partner's tenant id (default: common, which this server accepts).") var tenant: String = "common"
    @Option(help: "A bearer token to use as it is.") var token: String?
    @Option(help: "The app's client id.") var clientID: String?
    @Option(help: "The app's client secret.") var clientSecret: String?
    @Option(help: "An App+User refresh token.") var refreshToken: String?
    @Option(help: "A user to sign in as (with --password or --password-stdin).") var username: String?
    @Option(help: "The user's password (prefer --password-stdin: a flag stays in shell history).") var password: String?
    @Flag(help: "Read the password from the first line of stdin.") var passwordStdin = false

    func validate() throws {
        let modes = [token != nil, clientSecret != nil && refreshToken == nil && username == nil, refreshToken != nil, username != nil]
        guard modes.filter({ $0 }).count == 1 else {
            throw ValidationError("Give exactly one of --token, --client-secret, --refresh-token, or --username with a password.")
        }
        if token == nil, clientID == nil { throw ValidationError("--client-id is required to sign in with a secret, refresh token or password.") }
        if username != nil, password == nil, !passwordStdin { throw ValidationError("--username needs --password or --password-stdin.") }
        if url != nil, environment != nil { throw ValidationError("Give --url or --environment, not both.") }
        if let environment, PartnerCenterEnvironment.named[environment.lowercased()] == nil {
            throw ValidationError("--environment must be one of: \(PartnerCenterEnvironment.named.keys.sorted().joined(separator: ", ")).")
        }
    }

    func run() async throws {
        let name = profile ?? ProcessInfo.processInfo.environment["PARTNER_CENTER_PROFILE"] ?? "default"
        let place =
            environment.flatMap { PartnerCenterEnvironment.named[$0.lowercased()] }
            ?? .server(url ?? ProcessInfo.processInfo.environment["PARTNER_CENTER_URL"] ?? ClientSession.localServer)
        var saved = Profile(apiRoot: place.apiRoot, authority: place.authority, tenant: tenant, clientID: clientID?.lowercased())
        let kind: String
        if let token {
            saved.accessToken = token
            kind = "a saved token"
        } else if let refreshToken, let clientID {
            let credentials = RefreshTokenCredentials(
                authority: place.authority, tenantID: tenant, clientID: clientID, clientSecret: clientSecret, refreshToken: refreshToken
            )
            _ = try await credentials.token()
            saved.clientSecret = clientSecret
            saved.refreshToken = credentials.currentRefreshToken()
            kind = "App+User"
        } else if let username, let clientID {
            let secret = passwordStdin ? (readLine(strippingNewline: true) ?? "") : (password ?? "")
            let credentials = PasswordCredentials(
                authority: place.authority, tenantID: tenant, clientID: clientID, userName: username, password: secret)
            _ = try await credentials.token()
            saved.refreshToken = credentials.currentRefreshToken()
            kind = "App+User as \(username)"
        } else if let clientID, let clientSecret {
            _ = try await ClientCredentials(authority: place.authority, tenantID: tenant, clientID: clientID, clientSecret: clientSecret).token()
            saved.clientSecret = clientSecret
            kind = "App-only"
        } else {
            throw ClientFailure.usage("nothing to sign in with.")
        }
        let store = ProfileStore()
        try store.save(saved, as: name)
        print("Logged in to \(place.apiRoot) (\(kind)); profile '\(name)' saved in \(store.file.path).")
    }
}

/// `partner-commerce logout`: forgets a profile and its secrets.
struct Logout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Remove a saved profile and its secrets (PowerShell: Disconnect-PartnerCenter).")

    @Option(help: "The profile's name (env PARTNER_CENTER_PROFILE).") var profile: String?

    func run() async throws {
        let name = profile ?? ProcessInfo.processInfo.environment["PARTNER_CENTER_PROFILE"] ?? "default"
        let store = ProfileStore()
        guard try store.profile(name) != nil else {
            print("No profile '\(name)'.")
            return
        }
        try store.save(nil, as: name)
        print("Profile '\(name)' removed.")
    }
}

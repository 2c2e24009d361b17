import ArgumentParser
import CommerceCore
import CommerceServer
import CommerceStore

/// `partner-commerce token`: prints an access token for a partner's app (and user), signed with the store's key.
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a valid access token (default: the demo partner's app, App-only).")

    @OptionGroup var store: StoreOptions
    @Option(help: "Partner tenant id the token is for.") var partner: String = DemoData.partner.tenantID
    @Option(help: "Client id of the partner's app (default: its oldest app).") var app: String?
    @Option(help: "Sign in as this user of the partner (App+User token) instead of App-only.") var user: String?
    @Option(help: "Lifetime in seconds (at most 86400).") var lifetime: Double = 3600

    func validate() throws {
        guard lifetime > 0, lifetime <= TokenService.maxLifetime else {
            throw ValidationError("--lifetime must be between 1 and \(Int(TokenService.maxLifetime)) seconds.")
        }
    }

    func run() async throws {
        let token = try await withOpenedStore(store) { opened in
            guard let partnerRecord = try await opened.partner(tenantID: partner) else {
                throw ValidationError("No partner with tenant id \(partner) in this store.")
            }
            let apps = try await opened.applications(partnerID: partnerRecord.tenantID).filter { $0.deletedAt == nil }
            guard let chosen = app.map({ id in apps.first { $0.clientID == id.lowercased() } }) ?? apps.first else {
                throw ValidationError(
                    app == nil
                        ? "Partner \(partner) has no app; make one with `partner-commerce apps create --partner \(partner)`."
                        : "Partner \(partner) has no app \(app ?? "")."
                )
            }
            var objectID = chosen.objectID
            var upn: String?
            if let user {
                guard let record = try await opened.user(userPrincipalName: user), record.partnerID == partnerRecord.tenantID else {
                    throw ValidationError("Partner \(partner) has no user \(user).")
                }
                objectID = record.objectID
                upn = record.userPrincipalName
            }
            let tokens = try await TokenService.load(store: opened, clock: opened.clock)
            return try await tokens.mint(
                partnerTenantID: partnerRecord.tenantID, applicationID: chosen.clientID, objectID: objectID, userPrincipalName: upn,
                lifetime: lifetime
            )
        }
        print(token)
    }
}

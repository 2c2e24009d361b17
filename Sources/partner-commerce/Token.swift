import ArgumentParser
import CommerceCore
import CommerceServer
import CommerceStore

/// `partner-commerce token`: prints an access token for a partner, signed with the store's key.
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a valid access token (default: the demo partner, App-only).")

    @OptionGroup var store: StoreOptions
    @Option(help: "Partner tenant id the token is for.") var partner: String = DemoData.partner.tenantID
    @Option(help: "Sign in as this user (App+User token) instead of App-only.") var user: String?
    @Option(help: "Lifetime in seconds.") var lifetime: Double = 3600

    func run() async throws {
        let opened = try await Store.open(store.location)
        do {
            try await DemoData.ensureDefaults(in: opened, clock: SystemClock())
            guard try await opened.partner(tenantID: partner) != nil else {
                throw ValidationError("No partner with tenant id \(partner) in this store.")
            }
            let tokens = try await TokenService.load(store: opened, clock: SystemClock())
            let token = try await tokens.mint(
                partnerTenantID: partner, applicationID: DemoData.applicationID, objectID: DemoData.applicationID, userPrincipalName: user,
                lifetime: lifetime
            )
            await opened.close()
            print(token)
        } catch {
            await opened.close()
            throw error
        }
    }
}

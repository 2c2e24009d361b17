import CommerceCore
import CommerceStore
import Foundation
import PartnerCenterModels

/// The data a new store starts with, so the docs' examples work verbatim on a fresh start (see ../seeds).
public enum DemoData {
    /// The partner every store has, and the one `partner-commerce token` mints for by default.
    public static let partner = PartnerRecord(tenantID: "4f9c2a71-8d3e-4b5a-9c6f-1e2d3c4b5a69", name: "Contoso Partner (demo)", mpnID: "5357564")
    /// The demo partner's app registration (`client_id`, and the `appid` of tokens minted by the CLI).
    public static let applicationID = "7b1d3e58-2c4f-4a6b-9d8e-0f1a2b3c4d5e"
    /// The demo app's client secret. Public on purpose, so the README's curl works on a fresh start; a
    /// production partner gets its own app from `partner-commerce apps create`.
    public static let applicationSecret = "demo-client-secret-do-not-use-in-production"
    /// The demo partner's admin agent, for App+User sign-ins.
    public static let userPrincipalName = "admin@contosopartnerdemo.onmicrosoft.com"
    /// The demo user's password (public on purpose, like ``applicationSecret``).
    public static let userPassword = "Demo-Partner-Password-1"
    /// The demo user's object id.
    public static let userObjectID = "9e3b6a1f-4c2d-4e8f-a7b5-6d1c0e9f8a72"
    /// The customer of the docs' checkout request example.
    public static let customerID = "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d"
    /// The cart of the docs' checkout request example (../seeds/demo-cart.json).
    public static let cartID = "b4c8fdea-cbe4-4d17-9576-13fcacbf9605"
    /// The Azure subscription the demo customer already owns; the demo cart's reservations are bought for it.
    public static let azureSubscriptionID = "1c461a25-f729-4fa5-aadb-280947dd05e8"

    /// Adds what every store needs: the shipped catalog, if none was imported.
    public static func ensureCatalog(in store: Store) async throws {
        if try await store.catalogVersion() == 0 {
            try await store.replaceCatalog(try DefaultCatalog.load())
        }
    }

    /// Whether this store has the demo partner and its public credentials. Decided once, by the first server
    /// start (`wanted`), and kept: a store made with `--no-demo` never gets credentials printed in the README,
    /// even if a later start forgets the flag.
    public static func settle(in store: Store, wanted: Bool) async throws -> Bool {
        try await store.settleOnce("demo-data", proposing: wanted ? "yes" : "no") == "yes"
    }

    /// Adds the demo partner with its app and user (public credentials), once.
    public static func ensurePartner(in store: Store, clock: any CommerceClock) async throws {
        try await store.addPartnerIfMissing(partner, at: clock.now())
        try await ensureCredentials(in: store, clock: clock)
    }

    /// Whether a credential printed in the README still signs in: the demo app with its public secret, or the
    /// demo user with its public password. A server reachable from other machines must not have them.
    public static func publicCredentialsExist(in store: Store) async throws -> Bool {
        if let app = try await store.application(clientID: applicationID), app.deletedAt == nil, app.secretHash == applicationSecretHash {
            return true
        }
        if let user = try await store.user(objectID: userObjectID), user.disabledAt == nil, user.passwordHash == userPasswordHash {
            return true
        }
        return false
    }

    static let applicationSecretHash = "sha256$5e48015622b210ecadce3eb7d359074a682f412af48fa4394348e4d13644caed"
    static let userPasswordHash = "pbkdf2-sha256$600000$UGFydG5lckNvbW1lcmNlMQ$DsGTS6jzd28ZPOgDPyZjNUnNrWLBLL1aQQq7pSQOuZ4"

    /// The demo app and user, with their hashes computed ahead of time: hashing a password costs about
    /// 0.2 s, which every new store (and every test) would otherwise pay.
    static func ensureCredentials(in store: Store, clock: any CommerceClock) async throws {
        guard try await store.claimOnce("demo-credentials") else { return }
        try await store.addApplication(
            ApplicationRecord(
                clientID: applicationID, partnerID: partner.tenantID, objectID: "5a0e2c7d-8b14-4f3e-9d26-c1a7b3e5f804",
                displayName: "Contoso Partner Center app (demo)",
                secretHash: applicationSecretHash, createdAt: clock.now()
            )
        )
        try await store.addUser(
            PartnerUserRecord(
                objectID: userObjectID, partnerID: partner.tenantID, userPrincipalName: userPrincipalName, displayName: "Demo Admin Agent",
                passwordHash: userPasswordHash,
                roles: ["AdminAgent"], createdAt: clock.now()
            )
        )
    }

    /// Adds the demo customer, its Azure subscription and its cart (once per store; deleting them later does
    /// not bring them back, but `POST /_admin/reset` does).
    public static func seed(in store: Store, clock: any CommerceClock) async throws {
        guard try await store.claimOnce("demo-data") else { return }
        try await plant(in: store, clock: clock)
    }

    /// Puts back whatever of the demo customer, its Azure subscription and its cart is missing (a reset emptied them);
    /// the cart is new, so it expires a week from the server's time.
    public static func plant(in store: Store, clock: any CommerceClock) async throws {
        try await store.addPartnerIfMissing(partner, at: clock.now())
        var customer = Customer(
            companyProfile: CompanyProfile(domain: "wingtiptoysdemo.onmicrosoft.com", companyName: "Wingtip Toys (demo)"),
            billingProfile: BillingProfile(
                email: "admin@wingtiptoysdemo.onmicrosoft.com", culture: "en-US", language: "en", companyName: "Wingtip Toys (demo)",
                defaultAddress: Address(country: "US", city: "Redmond", state: "WA", addressLine1: "One Microsoft Way", postalCode: "98052")
            )
        )
        customer.billingProfile?.firstName = "Avery"
        customer.billingProfile?.lastName = "Howard"
        let fixed = FixedIDs([customerID, "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b", "2c3d4e5f-6071-4829-9bac-1d2e3f4a5b6c"])
        let (made, market) = try NewCustomer.make(from: customer, ids: fixed)
        let now = clock.now()
        if try await !store.customerExists(id: customerID) {
            try await store.addCustomer(made, market: market, partnerID: partner.tenantID, at: now)
            try await store.addAgreementIfMissing(
                AcceptedAgreement.make(for: made, confirmedBy: userObjectID, at: now), customerID: customerID, partnerID: partner.tenantID, at: now)
        }

        var azure = Subscription(id: azureSubscriptionID, offerId: "MS-AZR-0145P", quantity: 1)
        azure.entitlementId = azureSubscriptionID
        azure.offerName = "Microsoft Azure"
        azure.friendlyName = "Microsoft Azure"
        azure.unitType = "Usage-based"
        azure.creationDate = now
        azure.effectiveStartDate = now
        azure.commitmentEndDate = WireDate.parse("9999-12-14T00:00:00Z")
        azure.status = .active
        azure.autoRenewEnabled = false
        azure.billingType = "usage"
        azure.billingCycle = .monthly
        azure.isTrial = false
        azure.isMicrosoftProduct = true
        azure.links = SubscriptionLinks(self: Link(uri: "/customers/\(customerID)/subscriptions/\(azureSubscriptionID)"))
        if try await store.subscription(id: azureSubscriptionID, partnerID: partner.tenantID, customerID: customerID) == nil {
            try await store.addSubscription(azure, partnerID: partner.tenantID, customerID: customerID)
        }

        let context = CartContext(
            customerID: customerID, market: market, catalog: try Catalog(try await store.loadCatalog()),
            subscriptions: [azureSubscriptionID: OwnedSubscription(azure)], now: now
        )
        let lines = try CartRules.evaluate(demoCartLines, context: context)
        let cart = CartLifecycle.newCart(id: cartID, customerID: customerID, lines: lines, user: applicationID, at: now, attestation: nil)
        if try await store.cart(id: cartID, partnerID: partner.tenantID, customerID: customerID) == nil {
            try await store.addCart(cart, partnerID: partner.tenantID, customerID: customerID)
        }
    }

    /// The five line items of the docs' checkout response example, as in ../seeds/demo-cart.json.
    static let demoCartLines: [CartLineItem] = {
        let reservation = { (id: Int, item: String, name: String, term: String, duration: String) in
            CartLineItem(
                id: id, catalogItemId: item, quantity: 1, billingCycle: .oneTime, termDuration: term, friendlyName: name,
                provisioningContext: ["subscriptionId": azureSubscriptionID, "scope": "shared", "duration": duration]
            )
        }
        return [
            CartLineItem(
                id: 0, catalogItemId: "MS-AZR-0145P", quantity: 1, billingCycle: .monthly, termDuration: "P1Y", friendlyName: "Microsoft Azure"),
            reservation(1, "DZH318Z0BQ36:004G:DZH318Z08C0S", "Reserved VM Instance, Standard_NV12, US East 2, 1 Year", "P1Y", "1Year"),
            reservation(2, "DZH318Z0BQ36:004J:DZH318Z08B8X", "Reserved VM Instance, Standard_NV12, US East 2, 3 Years", "P3Y", "3Years"),
            CartLineItem(
                id: 3, catalogItemId: "DG7GMGF0DWM3:0002:DG7GMGF0DT1M", quantity: 1, billingCycle: .oneTime,
                friendlyName: "BizTalk Server 2016 Branch"),
            CartLineItem(
                id: 4, catalogItemId: "DZH318Z0BXWC:0002:DZH318Z0BMRV", quantity: 1, billingCycle: .monthly, termDuration: "P1M",
                friendlyName: "Barracuda WaaS - Medium Plan"
            ),
        ]
    }()
}

/// Hands out a fixed list of ids, for demo records whose ids the docs name.
private struct FixedIDs: IDGenerator {
    let list: [String]
    let next = Counter()
    init(_ list: [String]) { self.list = list }
    func guid() -> String { list[next.increment() % list.count] }

    final class Counter: @unchecked Sendable {
        private var value = -1
        private let lock = NSLock()
        func increment() -> Int {
            lock.withLock {
                value += 1
                return value
            }
        }
    }
}

import CommerceCore
import CommerceStore
import Foundation
import PartnerCenterModels

/// The data a new store starts with, so the docs' examples work verbatim on a fresh start (see ../seeds).
public enum DemoData {
    /// The partner every store has, and the one `partner-commerce token` mints for by default.
    public static let partner = PartnerRecord(tenantID: "4f9c2a71-8d3e-4b5a-9c6f-1e2d3c4b5a69", name: "Contoso Partner (demo)", mpnID: "5357564")
    /// The application id (`appid`) of tokens minted by the CLI.
    public static let applicationID = "7b1d3e58-2c4f-4a6b-9d8e-0f1a2b3c4d5e"
    /// The customer of the docs' checkout request example.
    public static let customerID = "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d"

    /// Adds what every store needs: the default partner, and the shipped catalog if none was imported.
    public static func ensureDefaults(in store: Store, clock: any CommerceClock) async throws {
        try await store.addPartnerIfMissing(partner, at: clock.now())
        if try await store.catalogVersion() == 0 {
            try await store.replaceCatalog(try DefaultCatalog.load())
        }
    }

    /// Adds the demo customer (once per store; deleting it later does not bring it back).
    public static func seed(in store: Store, clock: any CommerceClock) async throws {
        guard try await store.claimOnce("demo-data") else { return }
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
        try await store.addCustomer(made, market: market, partnerID: partner.tenantID, at: clock.now())
    }
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
        func increment() -> Int { lock.withLock { value += 1; return value } }
    }
}

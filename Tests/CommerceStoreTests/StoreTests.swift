import CommerceCore
import CommerceStore
import Foundation
import PartnerCenterModels
import TestSupport
import Testing

/// The store on a real SQLite file: migrations, tenancy, paging, uniqueness, catalog and keys.
@Suite struct StoreTests {
    let partnerA = PartnerRecord(tenantID: "AAAAAAAA-0000-0000-0000-000000000001", name: "A")
    let partnerB = PartnerRecord(tenantID: "bbbbbbbb-0000-0000-0000-000000000002", name: "B")

    func customer(_ domain: String) throws -> (Customer, Market) {
        let request = Customer(
            companyProfile: CompanyProfile(domain: domain),
            billingProfile: BillingProfile(
                email: "x@\(domain)", culture: nil, language: nil, companyName: domain, defaultAddress: Address(country: "US"))
        )
        return try NewCustomer.make(from: request, ids: RandomIDGenerator())
    }

    @Test(arguments: TestEngine.all) func reopeningAppliesMigrationsOnceAndKeepsData(_ engine: TestEngine) async throws {
        let folder = temporaryDataFolder("pc-store")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try await Store.open(engine.location(folder: folder))
        try await first.addPartnerIfMissing(partnerA, at: Date())
        await first.close()
        if engine == .sqlite { #expect(FileManager.default.fileExists(atPath: StoreLocation.sqliteFile(in: folder))) }
        let second = try await Store.open(engine.location(folder: folder))
        #expect(try await second.partner(tenantID: partnerA.tenantID)?.name == "A")
        #expect(try await second.addPartnerIfMissing(partnerA, at: Date()) == false)
        await second.close()
    }

    @Test(arguments: TestEngine.all) func customersBelongToTheirPartnerOnly(_ engine: TestEngine) async throws {
        try await withTemporaryStore(engine) { store, _ in
            try await store.addPartnerIfMissing(partnerA, at: Date())
            try await store.addPartnerIfMissing(partnerB, at: Date())
            let (c, market) = try customer("tenancy.onmicrosoft.com")
            try await store.addCustomer(c, market: market, partnerID: partnerA.tenantID, at: Date())
            #expect(try await store.customer(id: c.id!, partnerID: partnerA.tenantID) == c)
            #expect(try await store.customer(id: c.id!.uppercased(), partnerID: partnerA.tenantID) == c)
            #expect(try await store.customer(id: c.id!, partnerID: partnerB.tenantID) == nil)
            #expect(try await store.customers(partnerID: partnerB.tenantID, after: nil, limit: 10).totalCount == 0)
        }
    }

    @Test(arguments: TestEngine.all) func aTakenDomainWritesNothing(_ engine: TestEngine) async throws {
        try await withTemporaryStore(engine) { store, _ in
            try await store.addPartnerIfMissing(partnerA, at: Date())
            let (first, market) = try customer("dup.onmicrosoft.com")
            let (second, _) = try customer("dup.onmicrosoft.com")
            try await store.addCustomer(first, market: market, partnerID: partnerA.tenantID, at: Date())
            await #expect(throws: StoreError.taken(.customerDomain, value: "dup.onmicrosoft.com")) {
                try await store.addCustomer(second, market: market, partnerID: partnerA.tenantID, at: Date())
            }
            #expect(try await store.customers(partnerID: partnerA.tenantID, after: nil, limit: 10).totalCount == 1)
            #expect(try await store.customer(id: second.id!, partnerID: partnerA.tenantID) == nil)
        }
    }

    @Test(arguments: TestEngine.all) func pagesWalkEveryCustomerOnceInCreationOrder(_ engine: TestEngine) async throws {
        try await withTemporaryStore(engine) { store, _ in
            try await store.addPartnerIfMissing(partnerA, at: Date())
            var created: [String] = []
            let start = Date(timeIntervalSince1970: 1_700_000_000)
            for index in 0..<7 {
                let (c, market) = try customer("page\(index).onmicrosoft.com")
                // Two customers share each instant, so the id breaks ties.
                try await store.addCustomer(c, market: market, partnerID: partnerA.tenantID, at: start.addingTimeInterval(Double(index / 2)))
                created.append(c.id!)
            }
            var seen: [String] = []
            var cursor: PageCursor?
            repeat {
                let page = try await store.customers(partnerID: partnerA.tenantID, after: cursor, limit: 3)
                #expect(page.totalCount == 7)
                seen += page.items.compactMap(\.id)
                cursor = try page.next.map { try #require(PageCursor(token: $0.token)) }
            } while cursor != nil
            #expect(seen.count == 7)
            #expect(Set(seen) == Set(created))
            #expect(PageCursor(token: "not-a-token") == nil)
        }
    }

    @Test(arguments: TestEngine.all) func catalogReplacementBumpsTheVersionAndRoundTrips(_ engine: TestEngine) async throws {
        try await withTemporaryStore(engine) { store, _ in
            #expect(try await store.catalogVersion() == 0)
            let file = CatalogFile(
                products: [
                    CatalogProduct(
                        id: "P1", title: "One", productType: ProductType(id: "SaaS", displayName: "SaaS"), targetViews: ["SaaS"],
                        skus: [
                            CatalogSku(
                                id: "0001", title: "s", minimumQuantity: 1, maximumQuantity: 2, supportedBillingCycles: [.monthly],
                                availabilities: [CatalogAvailability(id: "A1", terms: [])])
                        ]
                    )
                ],
                offers: []
            )
            try await store.replaceCatalog(file)
            #expect(try await store.catalogVersion() == 1)
            #expect(try await store.loadCatalog() == file)
            let broken = CatalogFile(products: file.products + file.products, offers: [])
            await #expect(throws: CommerceError.self) { try await store.replaceCatalog(broken) }
            #expect(try await store.catalogVersion() == 1, "a refused import changes nothing")
        }
    }

    @Test(arguments: TestEngine.all) func theFirstSigningKeyIsCreatedOnce(_ engine: TestEngine) async throws {
        try await withTemporaryStore(engine) { store, _ in
            let key = SigningKeyRecord(kid: "k1", algorithm: "ES256", privatePEM: "pem", createdAt: Date())
            let first = try await store.signingKeys { key }
            let second = try await store.signingKeys { SigningKeyRecord(kid: "k2", algorithm: "ES256", privatePEM: "pem2", createdAt: Date()) }
            #expect(first.map(\.kid) == ["k1"])
            #expect(second.map(\.kid) == ["k1"])
        }
    }

    @Test(arguments: ["mysql://root@127.0.0.1/db", "postgres://", "not a url at all", "postgres:///nohost"])
    func aMalformedDatabaseURLIsRefusedClearly(_ url: String) async {
        await #expect {
            _ = try await Store.open(.postgres(url: url))
        } throws: { error in
            (error as? StoreError)?.description.hasPrefix("Invalid database URL") == true
        }
    }

    @Test(.enabled(if: TestEngine.databaseURL != nil, "DATABASE_URL is not set: every PostgreSQL case of the suite is skipped"))
    func postgresIsAvailable() async throws {
        try await withTemporaryStore(.postgres) { store, _ in
            #expect(store.engineName == "postgres")
        }
    }
}

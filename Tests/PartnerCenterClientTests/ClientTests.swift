import CommerceServer
import CommerceStore
import Foundation
import HummingbirdTesting
import PartnerCenterClient
import PartnerCenterModels
import Testing

/// The Swift SDK against a real server over loopback HTTP.
@Suite struct ClientTests {
    /// Runs `body` with a client pointed at a fresh server.
    func withClient(_ body: @Sendable (PartnerCenterClient) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pc-client-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let server = try await PartnerCommerceServer.prepare(ServerConfiguration(port: 0, store: .sqlite(directory: folder)))
        let token = try await server.tokens.mint(
            partnerTenantID: DemoData.partner.tenantID, applicationID: DemoData.applicationID, objectID: DemoData.applicationID
        )
        try await server.makeApplication().test(.live) { testClient in
            let port = try #require(testClient.port)
            try await body(PartnerCenterClient(baseURL: "http://127.0.0.1:\(port)") { token })
        }
    }

    @Test func clientCredentialsGetAndCacheATokenFromTheServer() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pc-client-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let server = try await PartnerCommerceServer.prepare(ServerConfiguration(port: 0, store: .sqlite(directory: folder)))
        try await server.makeApplication().test(.live) { testClient in
            let base = "http://127.0.0.1:\(try #require(testClient.port))"
            let credentials = ClientCredentials(
                authority: base, tenantID: DemoData.partner.tenantID, clientID: DemoData.applicationID, clientSecret: DemoData.applicationSecret
            )
            let client = PartnerCenterClient(baseURL: base) { try await credentials.token() }
            #expect(try await client.customers[DemoData.customerID].get().id == DemoData.customerID)
            #expect(try await credentials.token() == credentials.token(), "cached")
            let wrong = ClientCredentials(authority: base, tenantID: DemoData.partner.tenantID, clientID: DemoData.applicationID, clientSecret: "nope")
            await #expect {
                try await wrong.token()
            } throws: { error in
                let refusal = error as? TokenRequestError
                return refusal?.status == 401 && refusal?.error == "invalid_client" && refusal?.codes == [7000215]
            }
        }
    }

    @Test func createGetAndPageThroughCustomers() async throws {
        try await withClient { client in
            for index in 0..<3 {
                let created = try await client.customers.create(Customer(
                    companyProfile: CompanyProfile(domain: "sdk\(index).onmicrosoft.com"),
                    billingProfile: BillingProfile(email: "a@sdk.com", culture: nil, language: nil, companyName: "SDK", defaultAddress: Address(country: "US"))
                ))
                let id = try #require(created.id)
                #expect(try await client.customers[id].get() == created)
            }
            var ids: [String] = []
            for try await customer in client.customers.all(pageSize: 2) { ids.append(customer.id ?? "") }
            #expect(ids.count == 4)
            #expect(Set(ids).count == 4)
        }
    }

    @Test func refusalsAreTypedWithTheirApiFault() async throws {
        try await withClient { client in
            do {
                _ = try await client.customers.byID("00000000-0000-0000-0000-000000000001").get()
                Issue.record("an unknown customer must be refused")
            } catch let error as PartnerCenterError {
                #expect(error.status == 404)
                #expect(error.fault?.code == 60003)
                #expect(!error.requestID.isEmpty)
            }
        }
    }

    @Test func catalogReads() async throws {
        try await withClient { client in
            let products = try await client.products(country: "US", targetView: "OnlineServices")
            #expect(products.items.contains { $0.id == "CFQ7TTC0LFLZ" })
            let availabilities = try await client.availabilities(productID: "DZH318Z0BQ36", skuID: "004G", country: "US")
            #expect(availabilities.items.first?.catalogItemId == "DZH318Z0BQ36:004G:DZH318Z08C0S")
        }
    }
}

import CommerceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// The catalog over HTTP (spec §2.5): every item the docs' examples use is there, in the market asked for.
@Suite struct CatalogHTTPTests {
    /// Every catalog item id the docs' examples (seeds and spec §2.1, §4) put in a cart.
    static let docsCatalogItems = [
        "DZH318Z0BQ36:004G:DZH318Z08C0S", "DZH318Z0BQ36:004J:DZH318Z08B8X", "DG7GMGF0DWM3:0002:DG7GMGF0DT1M",
        "DZH318Z0BXWC:0002:DZH318Z0BMRV", "DZH318Z0C0WF:0001:DZH318Z0BP69", "CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS",
        "DG7GMGF0DWTL:0001:DG7GMGF0DSFM", "CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P", "DZH318Z0BPS6:0001:DZH318Z0BML6",
        "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ",
    ]

    @Test(arguments: TestEngine.all, docsCatalogItems)
    func docsItemIsListedAndFetchable(_ engine: TestEngine, _ catalogItemId: String) async throws {
        let parts = catalogItemId.split(separator: ":").map(String.init)
        try await TestServer.run(engine: engine) { server in
            let list = try await server.call(.get, "/v1/products/\(parts[0])/skus/\(parts[1])/availabilities?country=US").json()
            let items = list["items"] as? [[String: Any]] ?? []
            #expect(items.contains { $0["catalogItemId"] as? String == catalogItemId })
            let one = try await server.call(.get, "/v1/products/\(parts[0])/skus/\(parts[1])/availabilities/\(parts[2])?country=US")
            #expect(one.status == .ok)
            #expect(try one.json()["catalogItemId"] as? String == catalogItemId)
            #expect((try one.json()["defaultCurrency"] as? [String: Any])?["code"] as? String == "USD")
            let sku = try await server.call(.get, "/v1/products/\(parts[0])/skus/\(parts[1])?country=US").json()
            #expect(sku["productId"] as? String == parts[0])
            #expect(sku["minimumQuantity"] is Int)
        }
    }

    @Test(arguments: TestEngine.all) func docsFriendlyNames(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let names = [
                ("DZH318Z0BQ36", "004G", "Reserved VM Instance, Standard_NV12, US East 2, 1 Year"),
                ("DZH318Z0BQ36", "004J", "Reserved VM Instance, Standard_NV12, US East 2, 3 Years"),
                ("DG7GMGF0DWM3", "0002", "BizTalk Server 2016 Branch"),
                ("DZH318Z0BXWC", "0002", "Barracuda WaaS - Medium Plan"),
            ]
            for (product, sku, title) in names {
                #expect(try await server.call(.get, "/v1/products/\(product)/skus/\(sku)?country=US").json()["title"] as? String == title)
            }
            let azure = try await server.call(.get, "/v1/offers/MS-AZR-0145P?country=US").json()
            #expect(azure["name"] as? String == "Microsoft Azure")
        }
    }

    @Test(arguments: TestEngine.all) func productsByTargetViewAndMarket(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let nce = try await server.call(.get, "/v1/products?country=US&targetView=OnlineServices").json()
            let ids = (nce["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(ids.contains("CFQ7TTC0LFLZ"))
            #expect(!ids.contains("DZH318Z0BQ36"))
            let gb = try await server.call(.get, "/v1/products/CFQ7TTC0LFLZ/skus/0002/availabilities?country=gb").json()
            let first = (gb["items"] as? [[String: Any]])?.first
            #expect(first?["country"] as? String == "GB")
            #expect((first?["defaultCurrency"] as? [String: Any])?["code"] as? String == "GBP")
            let terms = first?["terms"] as? [[String: Any]] ?? []
            #expect(terms.contains { $0["duration"] as? String == "P1Y" && $0["billingCycle"] as? String == "Annual" })
        }
    }

    @Test(arguments: TestEngine.all) func catalogHasTheRealisticNCESet(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let products = try await server.call(.get, "/v1/products?country=US&targetView=OnlineServices").json()["items"] as? [[String: Any]] ?? []
            var skus: [[String: Any]] = []
            for product in products {
                let id = product["id"] as! String
                skus += try await server.call(.get, "/v1/products/\(id)/skus?country=US").json()["items"] as? [[String: Any]] ?? []
            }
            #expect(skus.contains { $0["isTrial"] as? Bool == true }, "a trial")
            #expect(skus.contains { ($0["dynamicAttributes"] as? [String: Any])?["isAddon"] as? Bool == true }, "an add-on")
            #expect(skus.contains { ($0["attestationProperties"] as? [String: Any])?["enforceAttestation"] as? Bool == true }, "an attestation")
            #expect(skus.contains { ($0["maximumQuantity"] as? Int ?? 0) > 1 && ($0["minimumQuantity"] as? Int ?? 0) >= 1 })
        }
    }

    @Test(arguments: TestEngine.all) func legacyOffersPage(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let all = try await server.call(.get, "/v1/offers?country=US").json()
            let total = try #require(all["totalCount"] as? Int)
            #expect(total >= 3)
            let page = try await server.call(.get, "/v1/offers?country=US&offset=1&size=1").json()
            #expect((page["items"] as? [Any])?.count == 1)
            #expect(page["totalCount"] as? Int == total)
        }
    }

    @Test(arguments: TestEngine.all) func catalogErrors(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            try await server.call(.get, "/v1/products?targetView=Azure").expectFault(.badRequest, code: 800002)
            try await server.call(.get, "/v1/products?country=US").expectFault(.badRequest, code: 800002)
            try await server.call(.get, "/v1/products/DZH318Z0BQ36?country=XX").expectFault(.badRequest, code: 3000)
            try await server.call(.get, "/v1/products/NOPE?country=US").expectFault(.notFound, code: 1000)
            try await server.call(.get, "/v1/products/DZH318Z0BQ36/skus/NOPE?country=US").expectFault(.notFound, code: 1000)
            try await server.call(.get, "/v1/products/DZH318Z0BQ36/skus/004G/availabilities/NOPE?country=US").expectFault(.notFound, code: 1000)
            try await server.call(.get, "/v1/offers/NOPE?country=US").expectFault(.notFound, code: 1000)
            try await server.call(.get, "/v1/offers?country=US&size=-1").expectFault(.badRequest, code: 3000)
            try await server.call(.get, "/v1/products?country=US&targetView=Azure", token: nil).expectFault(.unauthorized, code: 800001)
        }
    }
}

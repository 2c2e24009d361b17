import CommerceCore
import PartnerCenterModels
import Testing

/// Catalog lookups and the checks an imported catalog must pass.
@Suite struct CatalogTests {
    static func sku(_ id: String, availabilities: [String] = ["AV1"], countries: [String]? = nil) -> CatalogSku {
        CatalogSku(
            id: id, title: "SKU \(id)", minimumQuantity: 1, maximumQuantity: 10, supportedBillingCycles: [.monthly],
            availabilities: availabilities.map {
                CatalogAvailability(id: $0, countries: countries, terms: [Term(duration: "P1M", description: nil, billingCycle: "Monthly")])
            }
        )
    }

    static func product(_ id: String, skus: [CatalogSku], views: [String] = ["OnlineServices"]) -> CatalogProduct {
        CatalogProduct(
            id: id, title: "Product \(id)", productType: ProductType(id: "OnlineServices", displayName: nil), targetViews: views, skus: skus)
    }

    @Test func looksUpCaseInsensitivelyAndFiltersByMarket() throws {
        let catalog = try Catalog(
            CatalogFile(
                products: [
                    Self.product("CFQ7TTC0LFLZ", skus: [Self.sku("0002")]),
                    Self.product("JPONLY000001", skus: [Self.sku("0001", countries: ["JP"])]),
                ], offers: []))
        #expect(catalog.product("cfq7ttc0lflz")?.id == "CFQ7TTC0LFLZ")
        #expect(catalog.availability("CFQ7TTC0LFLZ", "0002", "av1")?.id == "AV1")
        #expect(catalog.products(targetView: "onlineservices", market: Market.named("US")!).map(\.id) == ["CFQ7TTC0LFLZ"])
        #expect(catalog.products(targetView: "OnlineServices", market: Market.named("JP")!).count == 2)
        #expect(catalog.products(targetView: "Azure", market: Market.named("US")!).isEmpty)
    }

    @Test func refusesInconsistentFiles() {
        let duplicate = CatalogFile(products: [Self.product("P1", skus: [Self.sku("1")]), Self.product("p1", skus: [Self.sku("1")])], offers: [])
        let noSkus = CatalogFile(products: [Self.product("P1", skus: [])], offers: [])
        let colon = CatalogFile(products: [Self.product("P:1", skus: [Self.sku("1")])], offers: [])
        for file in [duplicate, noSkus, colon] {
            #expect(throws: CommerceError.self) { try Catalog(file) }
        }
    }

    @Test func availabilityResourceCarriesMarketAndCatalogItemId() throws {
        let product = Self.product("CFQ7TTC0LFLZ", skus: [Self.sku("0002", availabilities: ["CFQ7TTC0K4TS"])])
        let sku = product.skus[0]
        let wire = CatalogResources.availability(sku.availabilities[0], of: sku, of: product, market: Market.named("GB")!)
        #expect(wire.catalogItemId == "CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS")
        #expect(wire.defaultCurrency == Currency(code: "GBP", symbol: "£"))
        #expect(wire.links?.`self`?.uri == "/products/CFQ7TTC0LFLZ/skus/0002/availabilities/CFQ7TTC0K4TS?country=GB")
    }
}

/// Cart validation looks only at the subscriptions a cart names.
@Suite struct ReferencedSubscriptionTests {
    @Test func collectsReservationAndParentIdsFromEveryLineInAnyCase() {
        var reservation = CartLineItem(catalogItemId: "A:B:C", quantity: 1, provisioningContext: ["subscriptionId": "ABC-1", "scope": "shared"])
        reservation.addonItems = [CartLineItem(catalogItemId: "D:E:F", quantity: 1, provisioningContext: ["ParentSubscriptionId": "Def-2"])]
        let plain = CartLineItem(catalogItemId: "G:H:I", quantity: 1)
        #expect(CartRules.referencedSubscriptionIDs([reservation, plain]) == ["abc-1", "def-2"])
        #expect(CartRules.referencedSubscriptionIDs([plain]).isEmpty)
    }
}

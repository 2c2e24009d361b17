import CommerceCore
import Foundation
import PartnerCenterModels
import Testing

/// Prices on their own (issue 28, point 2): exact amounts from the catalog's text to an order's lines, the
/// catalog's price checks, and the money text rules.
@Suite struct PriceRulesTests {
    static func price(_ term: String?, _ cycle: String, _ currency: String, _ list: String, _ effective: String) -> CatalogPrice {
        CatalogPrice(
            termDuration: term, billingCycle: cycle, currency: currency, unitPrice: MoneyText.parse(list)!,
            effectiveUnitPrice: MoneyText.parse(effective)!)
    }

    static func catalog(prices: [CatalogPrice]) throws -> Catalog {
        var sku = CatalogTests.sku("0001")
        sku.availabilities[0].terms = [
            Term(duration: "P1Y", description: nil, billingCycle: "Monthly"), Term(duration: "P1M", description: nil, billingCycle: "Monthly"),
        ]
        sku.availabilities[0].prices = prices
        return try Catalog(CatalogFile(products: [CatalogTests.product("CFQ7TTC0HL8W", skus: [sku])], offers: []))
    }

    @Test func anOrdersLinesArePricedExactlyFromTheCatalogsText() throws {
        // 0.1 has no exact binary form: a Double would make 3 × 14.1 = 42.300000000000004.
        let catalog = try Self.catalog(prices: [
            Self.price("P1Y", "monthly", "USD", "16", "14.1"), Self.price("p1y", "Monthly", "EUR", "14.72", "13.25"),
            Self.price("P1M", "monthly", "USD", "19.2", "17.28"),
        ])
        var first = OrderLineItem(lineItemNumber: 0, offerId: "cfq7ttc0hl8w:0001:av1", quantity: 3)
        first.termDuration = "P1Y"
        var second = OrderLineItem(lineItemNumber: 1, offerId: "CFQ7TTC0HL8W:0001:AV1", quantity: 50)
        second.termDuration = "P1M"
        var unknown = OrderLineItem(lineItemNumber: 2, offerId: "NOPE", quantity: 1)
        unknown.termDuration = "P1Y"
        var order = Order(id: "o", referenceCustomerId: "c", billingCycle: .monthly, lineItems: [first, second, unknown])
        order.currencyCode = "USD"
        let priced = OrderPricing.priced(order, catalog: catalog, market: Market.named("US")!)
        let pricing = try #require(priced.lineItems[0].pricing)
        #expect(pricing.listPrice == Decimal(string: "16"))
        #expect(pricing.discountedPrice == Decimal(string: "14.1"))
        #expect(pricing.extendedPrice == Decimal(string: "42.3"))
        #expect(priced.lineItems[1].pricing?.extendedPrice == Decimal(string: "864"))
        #expect(priced.lineItems[2].pricing == nil, "an item the catalog does not have shows no price")
        #expect(priced.totalPrice == Decimal(string: "906.3"))
        // On the wire, the digits the catalog gave.
        let text = String(decoding: try PartnerCenterJSON.encode(priced), as: UTF8.self)
        #expect(text.contains(#""extendedPrice":42.3"#), "\(text)")
        #expect(text.contains(#""totalPrice":906.3"#), "\(text)")

        order.currencyCode = "EUR"
        let euros = OrderPricing.priced(order, catalog: catalog, market: Market.named("DE")!)
        #expect(euros.lineItems[0].pricing?.extendedPrice == Decimal(string: "39.75"))
        #expect(euros.lineItems[1].pricing == nil, "no EUR price for the monthly term")
    }

    @Test func theCatalogReadsPricesAsTextOnly() throws {
        let good = #"{"termDuration":"P1Y","billingCycle":"monthly","currency":"USD","unitPrice":"16","effectiveUnitPrice":"14.4"}"#
        let read = try JSONDecoder().decode(CatalogPrice.self, from: Data(good.utf8))
        #expect(read.effectiveUnitPrice == Decimal(string: "14.4"))
        #expect(String(decoding: try JSONEncoder().encode(read), as: UTF8.self).contains(#""effectiveUnitPrice":"14.4""#))
        for bad in [#""unitPrice":16"#, #""unitPrice":"1e3""#, #""unitPrice":"16,5""#, #""unitPrice":"NaN""#, #""unitPrice":"""#] {
            let text = good.replacingOccurrences(of: #""unitPrice":"16""#, with: bad)
            #expect(throws: DecodingError.self, "\(bad)") { try JSONDecoder().decode(CatalogPrice.self, from: Data(text.utf8)) }
        }
    }

    @Test func aCatalogWithAWrongPriceIsRefused() throws {
        let cases: [[CatalogPrice]] = [
            [Self.price("P1Y", "monthly", "USD", "16", "14.4"), Self.price("p1y", "MONTHLY", "usd", "15", "14")],
            [Self.price("P1Y", "fortnightly", "USD", "16", "14.4")], [Self.price("P1Y", "monthly", "US$", "16", "14.4")],
            [Self.price("P1Y", "monthly", "USD", "-1", "0")], [Self.price("P1Y", "monthly", "USD", "16", "17")],
        ]
        for prices in cases {
            #expect(throws: CommerceError.self, "\(prices)") { try Catalog(try Self.catalog(prices: []).file(replacingPrices: prices)) }
        }
        _ = try Self.catalog(prices: [Self.price("P1Y", "monthly", "USD", "16", "16")])
    }

    @Test func moneyTextIsPlainDecimalAndRoundsHalvesAway() {
        #expect(MoneyText.parse("-3.87") == Decimal(string: "-3.87"))
        for bad in ["", ".", "1.", "1.2.3", "+1", "1e2", "0x1", " 1", "1 ", "١", String(repeating: "9", count: 25)] {
            #expect(MoneyText.parse(bad) == nil, "\(bad)")
        }
        #expect(MoneyText.rounded(Decimal(4) / Decimal(30) * Decimal(29)) == Decimal(string: "3.87"))
        #expect(MoneyText.rounded(Decimal(string: "-0.005")!) == Decimal(string: "-0.01"))
        #expect(MoneyText.format(Decimal(string: "14.40")!) == "14.4")
        #expect(MoneyText.format(Decimal(string: "-0")!) == "0")
    }
}

extension Catalog {
    /// This catalog's file with the first availability's prices replaced (a check the catalog must refuse).
    fileprivate func file(replacingPrices prices: [CatalogPrice]) -> CatalogFile {
        var file = self.file
        file.products[0].skus[0].availabilities[0].prices = prices
        return file
    }
}

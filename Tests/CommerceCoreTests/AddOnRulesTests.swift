import CommerceCore
import Foundation
import PartnerCenterModels
import Testing

/// The cart rules for add-ons: an add-on below its own minimum seats is 10019; above its base's seats, 10018.
@Suite struct AddOnRulesTests {
    static func catalog() throws -> Catalog {
        var addOn = CatalogTests.sku("0001")
        addOn.minimumQuantity = 5
        addOn.maximumQuantity = 100
        addOn.dynamicAttributes = ["isAddon": .bool(true), "prerequisiteSkus": .array([.string("BASE00000001:0001")])]
        var base = CatalogTests.sku("0001")
        base.maximumQuantity = 100
        return try Catalog(
            CatalogFile(
                products: [
                    CatalogTests.product("BASE00000001", skus: [base]), CatalogTests.product("ADDON0000001", skus: [addOn]),
                ], offers: []))
    }

    static func errorCode(baseSeats: Int, addOnSeats: Int) throws -> Int? {
        let context = CartContext(customerID: "c", market: Market.named("US")!, catalog: try catalog(), subscriptions: [:], now: Date())
        var line = CartLineItem(catalogItemId: "BASE00000001:0001:AV1", quantity: baseSeats, billingCycle: .monthly, termDuration: "P1M")
        line.addonItems = [CartLineItem(catalogItemId: "ADDON0000001:0001:AV1", quantity: addOnSeats, billingCycle: .monthly, termDuration: "P1M")]
        let evaluated = try CartRules.evaluate([line], context: context)
        return evaluated.first?.addonItems?.first?.error?.errorCode.rawValue
    }

    @Test func seatsOfAnAddOnAreBetweenItsMinimumAndItsBase() throws {
        #expect(try Self.errorCode(baseSeats: 10, addOnSeats: 3) == 10019)
        #expect(try Self.errorCode(baseSeats: 10, addOnSeats: 11) == 10018)
        #expect(try Self.errorCode(baseSeats: 10, addOnSeats: 10) == nil)
        #expect(try Self.errorCode(baseSeats: 10, addOnSeats: 5) == nil)
    }
}

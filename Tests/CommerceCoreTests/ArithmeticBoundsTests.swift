import CommerceCore
import Foundation
import PartnerCenterModels
import Testing

/// Each site where a client's number reached arithmetic that could trap (issue 9): it now gets a clean refusal.
@Suite struct ArithmeticBoundsTests {
    static let context = CartContext(
        customerID: "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d", market: Market.named("US")!,
        catalog: try! Catalog(CatalogFile(products: [CatalogTests.product("CFQ7TTC0LFLZ", skus: [CatalogTests.sku("0002")])], offers: [])),
        subscriptions: [:], now: Date(timeIntervalSince1970: 1_767_225_600)
    )

    static func line(id: Int?, addOns: [CartLineItem]? = nil) -> CartLineItem {
        var line = CartLineItem(id: id, catalogItemId: "CFQ7TTC0LFLZ:0002:AV1", quantity: 1, billingCycle: .monthly, termDuration: "P1M")
        line.addonItems = addOns
        return line
    }

    /// `LineItemIDs` computed `max + 1` on the client's ids: `Int.max` trapped the process (the reported crash).
    @Test(arguments: [Int.max, Int.max - 1, Int(Int32.max) + 1, Int.min, Int(Int32.min) - 1])
    func lineItemIdsOutsideInt32AreRefused(_ id: Int) {
        #expect(throws: CommerceError.self) { try CartRules.evaluate([Self.line(id: id)], context: Self.context) }
        #expect(throws: CommerceError.self) { try CartRules.evaluate([Self.line(id: 0, addOns: [Self.line(id: id)])], context: Self.context) }
    }

    /// The next line is not numbered past Int32.max (as it was, 2147483648): the cart's answer would carry an id
    /// the server refuses when the cart is sent back. The count goes on from 0.
    @Test func theLargestIdIsKeptAndTheNextLineIsNumberedFromZero() throws {
        let lines = try CartRules.evaluate([Self.line(id: Int(Int32.max)), Self.line(id: nil)], context: Self.context)
        #expect(lines.map(\.id) == [Int(Int32.max), 0])
    }

    @Test func negativeAndDuplicateIdsAreRenumbered() throws {
        let lines = try CartRules.evaluate([Self.line(id: 0), Self.line(id: 0), Self.line(id: -1)], context: Self.context)
        #expect(lines.map(\.id) == [0, 1, 2])
    }

    @Test func tooManyAddOnsAreRefusedBeforeAnyWork() {
        let many = (0..<1000).map { Self.line(id: $0) }
        #expect(throws: CommerceError.self) { try CartRules.checkShape([Self.line(id: 0, addOns: many)]) }
        #expect(throws: CommerceError.self) { try CartRules.checkShape(many) }
    }

    /// `Term.end` multiplied the client's week count by 7: `P9223372036854775807W` trapped.
    @Test(arguments: ["P9223372036854775807W", "P2000000000000000000W", "P1317624576693539401W", "P99999999D", "P10000Y", "P-1M", "P", "PW", ""])
    func termsBeyondTheBoundAreNoTerm(_ duration: String) {
        #expect(Term.end(of: duration, from: Date()) == nil)
    }

    @Test func ordinaryTermsStillEnd() throws {
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        #expect(try #require(Term.end(of: "P9999D", from: start)) > start)
        #expect(try #require(Term.end(of: "P1Y", from: start)).timeIntervalSince(start) == 365 * 86_400)
    }

    /// The same overflow reached through a cart: a custom term end date on a line with a huge week count.
    @Test func aCustomTermEndWithAHugeTermIsALineError() throws {
        var line = Self.line(id: 0)
        line.termDuration = "P9223372036854775807W"
        line.customTermEndDate = Date(timeIntervalSince1970: 1_767_225_600 + 86_400)
        let evaluated = try CartRules.evaluate([line], context: Self.context)
        #expect(evaluated.first?.error != nil)
    }
}

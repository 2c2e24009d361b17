import CommerceCore
import CommerceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// Prices on orders over HTTP (issue 28, point 2): `?include_price=true` fills each line's pricing from the catalog
/// file's exact amounts; without it the stored order is answered as it is.
@Suite struct PriceTests {
    static let customer = "/v1/customers/\(DemoData.customerID)"

    @Test(arguments: TestEngine.all) func anOrderShowsItsPricesWhenAskedFor(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let placed = try await server.call(.post, "\(Self.customer)/carts/\(DemoData.cartID)/checkout")
            let orders = try #require(try placed.json()["orders"] as? [[String: Any]])
            let reservations = try #require(orders.first { ($0["billingCycle"] as? String) == "one_time" }?["id"] as? String)

            let plain = try await server.call(.get, "\(Self.customer)/orders/\(reservations)")
            #expect(!plain.text.contains("pricing"), "prices only when asked for: \(plain.text)")
            let priced = try await server.call(.get, "\(Self.customer)/orders/\(reservations)?include_price=true")
            // The two reservations and BizTalk, at the catalog's USD prices, as exact decimals.
            #expect(priced.text.contains(#""listPrice":7906.56"#), "\(priced.text)")
            #expect(priced.text.contains(#""discountedPrice":7115.9"#), "\(priced.text)")
            #expect(priced.text.contains(#""extendedPrice":2601.9"#), "\(priced.text)")
            #expect(priced.text.contains(#""totalPrice":24288.3"#), "7115.9 + 14570.5 + 2601.9: \(priced.text)")

            let listed = try await server.call(.get, "\(Self.customer)/orders?include_price=TRUE&size=1")
            let items = try #require(try listed.json()["items"] as? [[String: Any]])
            #expect(items.first?["totalPrice"] != nil, "\(listed.text)")
            #expect(listed.text.contains("include_price=true"), "the next page keeps asking for prices: \(listed.text)")
            _ = try await server.call(.get, "\(Self.customer)/orders?include_price=maybe").expectFault(.badRequest, code: 800002)
        }
    }
}

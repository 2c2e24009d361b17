import CommerceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import PartnerCenterModels
import TestSupport
import Testing

/// Customers, carts, orders and checkout answers are written by the server's own JSON writer and answered from their stored JSON
/// without decoding them (JSONResponse.collection); the bytes must be exactly what Foundation's decoding and encoding them again
/// would write.
@Suite struct StoredBodiesTests {
    static let customer = "/v1/customers/\(DemoData.customerID)"

    func expectCanonical<Value: Codable>(_ text: String, as type: Value.Type, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let decoded = try PartnerCenterJSON.makeDecoder().decode(type, from: Data(text.utf8))
        let encoded = String(decoding: try PartnerCenterJSON.makeEncoder().encode(decoded), as: UTF8.self)
        #expect(encoded == text, sourceLocation: sourceLocation)
    }

    @Test(arguments: TestEngine.all) func resourcesSentAsStoredAreCanonicalJSON(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let cart = try await server.call(.get, "\(Self.customer)/carts/\(DemoData.cartID)")
            #expect(cart.status == .ok)
            try expectCanonical(cart.text, as: Cart.self)
            let customer = try await server.call(.get, Self.customer)
            #expect(customer.status == .ok)
            try expectCanonical(customer.text, as: Customer.self)
            let checkout = try await server.call(.post, "\(Self.customer)/carts/\(DemoData.cartID)/checkout")
            #expect(checkout.status == .created)
            // Its orders are spliced in as their stored bodies; the whole must still be what Foundation writes.
            try expectCanonical(checkout.text, as: CartCheckoutResult.self)
            let ordered = try await server.call(.get, "\(Self.customer)/carts/\(DemoData.cartID)")
            try expectCanonical(ordered.text, as: Cart.self)
            let listed = try await server.call(.get, "\(Self.customer)/orders")
            #expect(listed.status == .ok)
            #expect(listed.headers[.contentType] == "application/json; charset=utf-8")
            try expectCanonical(listed.text, as: ResourceCollection<Order>.self)
            let orders = try PartnerCenterJSON.makeDecoder().decode(ResourceCollection<Order>.self, from: Data(listed.text.utf8))
            #expect(orders.items.count == 3)
            #expect(orders.totalCount == 3)
            let paged = try await server.call(.get, "\(Self.customer)/orders?size=1")
            try expectCanonical(paged.text, as: ResourceCollection<Order>.self)
            #expect((try paged.json()["items"] as? [Any])?.count == 1)
            #expect(try paged.json()["totalCount"] as? Int == 3, "the count of every page, read from order_counts")
            let monthly = try await server.call(.get, "\(Self.customer)/orders?billingType=monthly&size=1").json()
            #expect(monthly["totalCount"] as? Int == 2, "MS-AZR-0145P and Barracuda are monthly")
            for order in orders.items {
                let fetched = try await server.call(.get, "\(Self.customer)/orders/\(order.id ?? "")")
                #expect(fetched.status == .ok)
                try expectCanonical(fetched.text, as: Order.self)
            }
            let none = try await server.call(.get, "/v1/customers/\(DemoData.customerID)/orders?billingType=one_time&size=500")
            try expectCanonical(none.text, as: ResourceCollection<Order>.self)
        }
    }
}

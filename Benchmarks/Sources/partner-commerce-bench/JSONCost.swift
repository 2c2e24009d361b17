import CommerceCore
import Foundation
import PartnerCenterModels

/// The `json` phase: what writing and reading the resources of a purchase costs in-process, with Foundation's
/// coders and with the server's own, on the same values (a 3-line cart as created, the order and checkout result
/// its checkout writes, the cart body a client sends). No server is involved, so the figures repeat closely.
struct JSONCost {
    let rounds: Int

    func run() throws -> [String] {
        let sample = try Sample()
        var lines: [String] = []
        func time(_ name: String, _ body: () throws -> Void) rethrows {
            for _ in 0..<max(rounds / 10, 1) { try body() }
            let clock = ContinuousClock()
            let began = clock.now
            for _ in 0..<rounds { try body() }
            let elapsed = began.duration(to: clock.now)
            let micros = (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(rounds)
            lines.append(String(format: "json  %-44@ %8.2f µs", name as NSString, micros))
        }
        let foundation = PartnerCenterJSON.makeEncoder()
        for (name, encode) in sample.encodings {
            try time("\(name), Foundation's encoder") { _ = try encode(foundation) }
            try time("\(name), PartnerCenterJSON.encode") { _ = try encode(nil) }
        }
        let lenient = PartnerCenterJSON.makeDecoder()
        try time("cart request body, Foundation's lenient decoder") { _ = try lenient.decode(Cart.self, from: sample.requestBody) }
        try time("cart request body, PartnerCenterJSON.decodeRequest") {
            _ = try PartnerCenterJSON.decodeRequest(Cart.self, from: sample.requestBody)
        }
        try time("stored cart, Foundation's lenient decoder") { _ = try lenient.decode(Cart.self, from: sample.storedCart) }
        try time("stored cart, PartnerCenterJSON.decodeStored") { _ = try PartnerCenterJSON.decodeStored(Cart.self, from: sample.storedCart) }
        return lines
    }

    /// The values: made by the rules from the load generator's own cart body.
    struct Sample {
        let requestBody: Data
        let storedCart: Data
        let encodings: [(String, (JSONEncoder?) throws -> [UInt8])]

        init() throws {
            requestBody = Data(CartLines.body(count: 3).utf8)
            var cart = try PartnerCenterJSON.makeDecoder().decode(Cart.self, from: requestBody)
            let now = Date(timeIntervalSince1970: 1_765_000_000)
            cart.id = "c7a3a3f4-9d44-4f38-9d0b-4a5b2a1e7c10"
            cart.creationTimestamp = now
            cart.lastModifiedTimestamp = now
            cart.expirationTimestamp = now.addingTimeInterval(7 * 86_400)
            cart.status = .active
            for index in cart.lineItems.indices { cart.lineItems[index].orderGroup = String(index % 2) }
            storedCart = Data(try PartnerCenterJSON.encode(cart))
            var line = OrderLineItem(lineItemNumber: 0, offerId: "CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS", quantity: 1)
            line.termDuration = "P1M"
            line.friendlyName = "Microsoft 365 Business Basic"
            line.links = OrderLineItemLinks(
                product: Link(uri: "/products/CFQ7TTC0LFLZ?country=US"), sku: Link(uri: "/products/CFQ7TTC0LFLZ/skus/0002?country=US"),
                availability: Link(uri: "/products/CFQ7TTC0LFLZ/skus/0002/availabilities/CFQ7TTC0K4TS?country=US")
            )
            var order = Order(
                id: "a3a2f3d1c4b7", referenceCustomerId: "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d", billingCycle: .monthly, lineItems: [line, line])
            order.creationDate = now
            order.status = .pending
            order.currencyCode = "USD"
            order.links = OrderLinks(self: Link(uri: "/customers/d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d/orders/a3a2f3d1c4b7"))
            let result = CartCheckoutResult(orders: [order, order], orderErrors: [])
            let encode: (any Encodable, JSONEncoder?) throws -> [UInt8] = { value, foundation in
                if let foundation { return Array(try foundation.encode(value)) }
                return try PartnerCenterJSON.encode(value)
            }
            encodings = [
                ("a new 3-line cart", { try encode(cart, $0) }),
                ("an order of 2 lines", { try encode(order, $0) }),
                ("a checkout result of 2 orders", { try encode(result, $0) }),
            ]
        }
    }
}

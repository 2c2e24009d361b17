import CommerceServer
import Foundation
import PartnerCenterClient
import PartnerCenterModels
import TestSupport
import Testing

/// docs/swift-sdk.md, "Using the Swift SDK": its code, run against a live server. The guide's block is read and every line of
/// it must appear in `walkThrough` below (the server's URL is `base` here), so the two cannot drift apart.
@Suite struct SDKGuideWalkthroughTests {
    static let source = URL(fileURLWithPath: #filePath)
    static let guide = source.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
        "docs/swift-sdk.md")

    @Test func theGuidesCodeIsThisTestsCode() throws {
        let guide = try String(contentsOf: Self.guide, encoding: .utf8)
        let section = try #require(guide.components(separatedBy: "## Using the Swift SDK").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```swift\n").dropFirst().first?.components(separatedBy: "```").first)
        let mine = try String(contentsOf: Self.source, encoding: .utf8)
        let lines = block.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("import ") }
        #expect(lines.count > 10)
        for line in lines {
            let here = line.replacingOccurrences(of: #""http://127.0.0.1:8080""#, with: "base")
            #expect(mine.contains(here), "guide line not in the walk-through test: \(line)")
        }
    }

    @Test func walkThrough() async throws {
        try await TestServer.serving { server in
            let base = server.base
            // App-only sign-in against the server's own token endpoint; tokens are cached and renewed one at a time.
            let credentials = ClientCredentials(
                authority: base, tenantID: "4f9c2a71-8d3e-4b5a-9c6f-1e2d3c4b5a69",
                clientID: "7b1d3e58-2c4f-4a6b-9d8e-0f1a2b3c4d5e", clientSecret: "demo-client-secret-do-not-use-in-production"
            )
            let partner = PartnerCenterClient(environment: .server(base), credentials: credentials)

            // What can be bought: a SKU's availabilities carry the catalog item id a cart line names.
            let sku = partner.products.byCountry("US").byID("CFQ7TTC0LFLZ").skus.byID("0002")
            let catalogItemID = try await sku.availabilities.get().items[0].catalogItemId

            // A cart for the demo customer, checked out; checkoutCompletely() throws IncompleteCheckoutError if any order group failed.
            let customer = partner.customers.byID("d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d")
            let cart = try await customer.carts.create(
                Cart(lineItems: [
                    CartLineItem(id: 0, catalogItemId: catalogItemID, quantity: 5, billingCycle: .monthly, termDuration: "P1M")
                ]))
            let result = try await customer.carts.byID(cart.id!).checkoutCompletely()
            for order in result.orders { print(order.id!, order.status?.wireValue ?? "") }

            // Every order, page by page as the loop reads them, and the subscriptions the first one created.
            for try await order in customer.orders.all() { print(order.id!, order.billingCycle?.wireValue ?? "") }
            let subscriptions = try await customer.subscriptions.get(orderID: result.orders[0].id!)
            print(subscriptions.totalCount)

            #expect(catalogItemID.hasPrefix("CFQ7TTC0LFLZ:0002:"))
            #expect(result.orders.count == 1)
            #expect(subscriptions.items.allSatisfy { $0.orderId == result.orders[0].id })
        }
    }
}

import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import PartnerCenterModels
import Synchronization
import TestSupport
import Testing

/// A retry of a partly failed checkout places the groups that failed, as the first attempt planned them, whatever
/// happened to the catalog in between (issue 10, item 1).
///
/// The demo cart has three groups: `OMS-0` (Azure, legacy), `"0"` (two reservations and BizTalk, one_time) and
/// `"1"` (Barracuda, monthly). Each test fails group `"1"` on the first attempt, changes the catalog, and retries.
@Suite struct CheckoutRetryTests {
    static let customer = "/v1/customers/\(DemoData.customerID)"
    static let checkout = "\(customer)/carts/\(DemoData.cartID)/checkout"
    static let bizTalk = "DG7GMGF0DWM3"
    static let barracuda = "DZH318Z0BXWC"

    /// Fails every placement of the named groups until `heal` is called.
    final class FailGroups: PlacementFaults {
        let groups: Set<String>
        let failing = Mutex(true)
        init(_ groups: Set<String>) { self.groups = groups }
        func heal() { failing.withLock { $0 = false } }
        func failure(cartID: String, orderGroup: String, lines: [CartLineItem]) -> OrderError? {
            guard groups.contains(orderGroup), failing.withLock({ $0 }) else { return nil }
            return OrderError(orderGroupId: orderGroup, code: 800017, description: "Quantity not available for the catalog item.")
        }
    }

    /// Checks the demo cart out with group `"1"` failing; returns the faults, healed, for the retry.
    static func partlyFailedCheckout(_ server: TestServer, _ faults: FailGroups) async throws -> [String: Any] {
        let first = try await server.call(.post, checkout)
        #expect(first.status == .created)
        let result = try first.json()
        #expect((result["orders"] as? [Any])?.count == 2)
        #expect((result["orderErrors"] as? [[String: Any]])?.first?["orderGroupId"] as? String == "1")
        faults.heal()
        return result
    }

    /// Imports the default catalog changed by `change`, as an operator would between the two attempts.
    static func importCatalog(_ server: TestServer, _ change: (inout CatalogFile) -> Void) async throws {
        var file = try DefaultCatalog.load()
        change(&file)
        try await server.server.store.replaceCatalog(file)
    }

    /// Every order line of the customer's orders, by offer id.
    static func orderedOffers(_ server: TestServer) async throws -> [String] {
        let orders = try await server.call(.get, "\(customer)/orders").json()["items"] as? [[String: Any]] ?? []
        return orders.flatMap { ($0["lineItems"] as? [[String: Any]] ?? []).compactMap { $0["offerId"] as? String } }
    }

    @Test(arguments: TestEngine.all) func aCatalogChangeThatRegroupsTheCartPlacesNothingTwice(_ engine: TestEngine) async throws {
        let faults = FailGroups(["1"])
        try await TestServer.run(engine: engine, configure: { $0.placementFaults = faults }) { server in
            let first = try await Self.partlyFailedCheckout(server, faults)
            // BizTalk becomes a new-commerce product: regrouping the cart now would put it in a group of its own,
            // "1", the label of the group that failed, and place it a second time.
            try await Self.importCatalog(server) { file in
                let index = file.products.firstIndex { $0.id == Self.bizTalk }!
                file.products[index].productType = ProductType(id: "OnlineServices", displayName: "OnlineServices")
            }
            let retry = try await server.call(.post, Self.checkout)
            #expect(retry.status == .created, "\(retry.text)")
            let result = try retry.json()
            let orders = result["orders"] as? [[String: Any]] ?? []
            #expect(orders.count == 3)
            #expect((result["orderErrors"] as? [Any])?.isEmpty == true)
            let firstIDs = (first["orders"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(Array(orders.compactMap { $0["id"] as? String }.prefix(2)) == firstIDs)
            let offers = try await Self.orderedOffers(server)
            #expect(offers.filter { $0.hasPrefix(Self.bizTalk) }.count == 1, "BizTalk is ordered once: \(offers)")
            #expect(offers.filter { $0.hasPrefix(Self.barracuda) }.count == 1, "the failed group is placed: \(offers)")
            #expect(offers.count == 5)
            #expect(try await server.server.store.orderCount(cartID: DemoData.cartID) == 3)
        }
    }

    @Test(arguments: TestEngine.all) func aPlacedItemLeavingTheCatalogDoesNotStickTheCart(_ engine: TestEngine) async throws {
        let faults = FailGroups(["1"])
        try await TestServer.run(engine: engine, configure: { $0.placementFaults = faults }) { server in
            _ = try await Self.partlyFailedCheckout(server, faults)
            // BizTalk was placed in group "0"; it is withdrawn before the retry. Only Barracuda is checked again.
            try await Self.importCatalog(server) { file in file.products.removeAll { $0.id == Self.bizTalk } }
            let retry = try await server.call(.post, Self.checkout)
            #expect(retry.status == .created, "\(retry.text)")
            #expect((try retry.json()["orderErrors"] as? [Any])?.isEmpty == true)
            #expect(try await server.server.store.orderCount(cartID: DemoData.cartID) == 3)
            let cart = try await server.call(.get, "\(Self.customer)/carts/\(DemoData.cartID)").json()
            #expect(cart["status"] as? String == "Ordered")
        }
    }

    @Test(arguments: TestEngine.all) func aRetryChecksTheFailedGroupsLinesAndWritesNothingWhenOneIsBroken(_ engine: TestEngine) async throws {
        let faults = FailGroups(["1"])
        // Fulfilment parked: the store is compared before and after, and a busy machine can take the default 5 s.
        let configure: (inout ServerConfiguration) -> Void = {
            $0.placementFaults = faults
            $0.fulfilmentDelay = 3600
        }
        try await TestServer.run(engine: engine, configure: configure) { server in
            _ = try await Self.partlyFailedCheckout(server, faults)
            try await Self.importCatalog(server) { file in file.products.removeAll { $0.id == Self.barracuda } }
            let before = try await server.server.store.contents()
            let fault = try await server.call(.post, Self.checkout).expectFault(.badRequest, code: 800009)
            #expect((fault["data"] as? [String]) == ["line item 4: Catalog item id DZH318Z0BXWC:0002:DZH318Z0BMRV is not valid in market US."])
            #expect(try await server.server.store.contents() == before)
        }
    }

    @Test(arguments: TestEngine.all) func aCartChangedAfterAnAttemptThatPlacedNothingIsPlannedAfresh(_ engine: TestEngine) async throws {
        let faults = FailGroups(["OMS-0", "0", "1"])
        try await TestServer.run(engine: engine, configure: { $0.placementFaults = faults }) { server in
            let first = try await server.call(.post, Self.checkout).json()
            #expect((first["orderErrors"] as? [Any])?.count == 3)
            faults.heal()
            let body = #"{"lineItems":[{"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly"}]}"#
            let value = try await server.call(.put, "\(Self.customer)/carts/\(DemoData.cartID)", body: body).status
            #expect(value == .created)
            let retry = try await server.call(.post, Self.checkout).json()
            let orders = retry["orders"] as? [[String: Any]] ?? []
            #expect(orders.count == 1, "the new lines, not the groups of the first attempt")
            #expect(try await Self.orderedOffers(server) == ["MS-AZR-0145P"])
        }
    }
}

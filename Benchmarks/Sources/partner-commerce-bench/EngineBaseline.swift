import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import PartnerCenterModels

/// The engine limit: the same checkouts as the HTTP phase, run in this process straight through CommerceCore and
/// CommerceStore (no HTTP, no token, no JSON on a socket), on a store of its own with the same engine.
///
/// Each checkout does what the server's handler does with the store: read the customer, read the cart, load the
/// subscriptions it names, then check out in one transaction with the request's answer kept (as an SDK's
/// `MS-RequestId` makes the server do).
struct EngineBaseline {
    let location: StoreLocation
    let lines: Int
    let concurrency: Int
    let duration: Double
    let carts: Int

    func run() async throws -> PhaseResult {
        let store = try await Store.open(location)
        do {
            let result = try await measure(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }

    private func measure(_ store: Store) async throws -> PhaseResult {
        let clock = SystemClock()
        let ids = RandomIDGenerator()
        try await DemoData.ensureCatalog(in: store)
        try await DemoData.ensurePartner(in: store, clock: clock)
        let partnerID = DemoData.partner.tenantID
        let catalog = try Catalog(try await store.loadCatalog())
        let decoder = PartnerCenterJSON.makeDecoder()
        let request = try decoder.decode(Cart.self, from: Data(CartLines.body(count: lines).utf8))
        var customers: [(id: String, market: Market)] = []
        for number in 0..<max(1, concurrency / 2) {
            let body =
                #"{"companyProfile":{"domain":"engine\#(number)-\#(UUID().uuidString.prefix(8)).onmicrosoft.com","companyName":"Engine"},"billingProfile":{"email":"a@b.com","culture":"en-US","language":"en","companyName":"Engine","defaultAddress":{"country":"US","city":"Redmond","state":"WA","addressLine1":"1 Main St","postalCode":"98052"}}}"#
            let (customer, market) = try NewCustomer.make(from: try decoder.decode(Customer.self, from: Data(body.utf8)), ids: ids)
            try await store.addCustomer(customer, market: market, partnerID: partnerID, at: clock.now())
            customers.append((customer.id ?? "", market))
        }
        var prepared: [PreparedCart] = []
        for number in 0..<carts {
            let customer = customers[number % customers.count]
            let context = CartContext(customerID: customer.id, market: customer.market, catalog: catalog, subscriptions: [:], now: clock.now())
            let lines = try CartRules.evaluate(request.lineItems, context: context)
            let cart = CartLifecycle.newCart(
                id: ids.guid(), customerID: customer.id, lines: lines, user: DemoData.applicationID, at: clock.now(), attestation: nil)
            try await store.addCart(cart, partnerID: partnerID, customerID: customer.id)
            prepared.append(PreparedCart(customerID: customer.id, cartID: cart.id ?? ""))
        }
        let queue = WorkQueue(prepared)
        return await runPhase("engine", concurrency: concurrency, duration: duration) { _ in
            guard let cart = queue.take() else { return nil }
            do {
                try await checkout(cart, partnerID: partnerID, catalog: catalog, store: store, clock: clock, ids: ids)
                return .ok
            } catch {
                return .failed(status: 0)
            }
        }
    }

    private func checkout(_ cart: PreparedCart, partnerID: String, catalog: Catalog, store: Store, clock: SystemClock, ids: RandomIDGenerator)
        async throws
    {
        guard let customer = try await store.customer(id: cart.customerID, partnerID: partnerID),
            let market = Market.named(customer.billingProfile?.defaultAddress?.country ?? "US")
        else { throw BenchError.failed("no customer \(cart.customerID)") }
        let snapshot = try await store.cartSnapshot(id: cart.cartID, partnerID: partnerID, customerID: cart.customerID)
        let named = snapshot?.cart.lineItems ?? []
        let owned = try await store.subscriptions(ids: CartRules.referencedSubscriptionIDs(named), partnerID: partnerID, customerID: cart.customerID)
        let now = clock.now()
        let context = CartContext(
            customerID: cart.customerID, market: market, catalog: catalog,
            subscriptions: Dictionary(owned.map { ($0.id.lowercased(), OwnedSubscription($0)) }, uniquingKeysWith: { first, _ in first }), now: now
        )
        let key = RequestKey(
            partnerID: partnerID, requestID: ids.guid(), method: "POST", path: "/v1/customers/\(cart.customerID)/carts/\(cart.cartID)/checkout",
            bodyHash: "")
        _ = try await store.checkout(
            cartID: cart.cartID, partnerID: partnerID, customerID: cart.customerID, country: market.country, customerUserUPN: nil, at: now,
            snapshot: snapshot,
            answering: Answering(key) {
                StoredResponse(
                    status: 201, headers: [["Content-Type", "application/json; charset=utf-8"]], body: String(decoding: $0.body, as: UTF8.self))
            }
        ) { state in
            try CartLifecycle.ensureVisible(state.cart, at: now)
            return try CheckoutPlanner.plan(
                CheckoutInput(
                    cart: state.cart, context: context, placed: state.placed, groups: state.groups, fulfilmentDelay: 5, faults: NoPlacementFaults()),
                ids: ids
            )
        }
    }
}

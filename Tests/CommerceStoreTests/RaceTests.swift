import CommerceCore
import CommerceStore
import Foundation
import PartnerCenterModels
import Synchronization
import TestSupport
import Testing

/// Writes that race (issue 10, item 8). On PostgreSQL the store's pool runs them on separate connections at
/// once, so the database's locks are what keeps each promise; on SQLite they queue on one connection.
@Suite struct RaceTests {
    static let partner = PartnerRecord(tenantID: "cccccccc-0000-0000-0000-000000000003", name: "Racer")
    static let racers = 24

    /// A partner with one customer; returns the customer's id.
    static func customer(in store: Store) async throws -> String {
        try await store.addPartnerIfMissing(partner, at: Date())
        let (customer, market) = try NewCustomer.make(from: Self.newCustomer("racer.onmicrosoft.com"), ids: RandomIDGenerator())
        try await store.addCustomer(customer, market: market, partnerID: partner.tenantID, at: Date())
        return try #require(customer.id)
    }

    static func newCustomer(_ domain: String) -> Customer {
        Customer(
            companyProfile: CompanyProfile(domain: domain),
            billingProfile: BillingProfile(
                email: "x@\(domain)", culture: nil, language: nil, companyName: domain, defaultAddress: Address(country: "US"))
        )
    }

    static func cart(quantity: Int) -> Cart {
        let line = CartLineItem(id: 0, catalogItemId: "CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P", quantity: quantity, billingCycle: .monthly)
        return CartLifecycle.newCart(id: UUID().uuidString.lowercased(), customerID: "", lines: [line], user: "racer", at: Date(), attestation: nil)
    }

    /// What a checkout places, read from the cart it locked: one order whose line has the cart's quantity.
    static func plan(_ state: CheckoutState, customerID: String, fulfilAt: Date? = nil) -> CheckoutPlan {
        if state.cart.status == .ordered {
            return CheckoutPlan(
                newOrders: [], result: CartCheckoutResult(orders: state.placed.map(\.order), orderErrors: []), groups: CheckoutGroups(groups: []))
        }
        var order = Order(id: UUID().uuidString.lowercased(), referenceCustomerId: customerID, billingCycle: .monthly, lineItems: [])
        order.lineItems = state.cart.lineItems.map { OrderLineItem(lineItemNumber: 0, offerId: $0.catalogItemId, quantity: $0.quantity) }
        order.status = .pending
        let planned = PlannedOrder(group: "0", order: order, subscriptions: [], fulfilAt: fulfilAt)
        return CheckoutPlan(
            newOrders: [planned], result: CartCheckoutResult(orders: [order], orderErrors: []), groups: CheckoutGroups(grouping: state.cart.lineItems)
        )
    }

    static let answerNothing = Answering<CheckoutOutcome>(nil) {
        StoredResponse(status: 201, headers: [], body: String(decoding: $0.body, as: UTF8.self))
    }

    @Test(arguments: TestEngine.all) func oneRequestIDCreatesOneCart(_ engine: TestEngine) async throws {
        try await withTemporaryStore(engine) { store, _ in
            let customerID = try await Self.customer(in: store)
            let key = RequestKey(partnerID: Self.partner.tenantID, requestID: "race", method: "POST", path: "/carts", bodyHash: "same")
            let answers = await withTaskGroup(of: Result<StoredResponse, any Error>.self) { group in
                for _ in 0..<Self.racers {
                    group.addTask {
                        let cart = Self.cart(quantity: 1)
                        let answer = StoredResponse(status: 201, headers: [], body: cart.id ?? "")
                        return await outcome {
                            try await store.addCart(
                                cart, partnerID: Self.partner.tenantID, customerID: customerID, answering: Answering(key) { _ in answer })
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let fresh = answers.compactMap { try? $0.get() }
            #expect(fresh.count == 1, "one request ran")
            let replays = answers.compactMap { result -> StoredResponse? in
                if case .failure(StoreError.answeredBefore(let earlier)) = result { return earlier }
                return nil
            }
            #expect(replays.count == Self.racers - 1, "every twin replays")
            #expect(Set(replays.map(\.body)) == Set(fresh.map(\.body)), "…the answer of the one that ran")
            #expect(try await store.contents()["carts"]?.count == 1)
        }
    }

    @Test(arguments: TestEngine.all) func oneDomainCreatesOneCustomer(_ engine: TestEngine) async throws {
        try await withTemporaryStore(engine) { store, _ in
            try await store.addPartnerIfMissing(Self.partner, at: Date())
            let outcomes = await withTaskGroup(of: Result<Void, any Error>.self) { group in
                for _ in 0..<Self.racers {
                    group.addTask {
                        await outcome {
                            let (customer, market) = try NewCustomer.make(
                                from: Self.newCustomer("contested.onmicrosoft.com"), ids: RandomIDGenerator())
                            try await store.addCustomer(customer, market: market, partnerID: Self.partner.tenantID, at: Date())
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { (try? $0.get()) != nil }.count == 1)
            let refused = outcomes.filter { if case .failure(StoreError.taken(.customerDomain, _)) = $0 { true } else { false } }
            #expect(refused.count == Self.racers - 1)
            #expect(try await store.contents()["customers"]?.count == 1)
        }
    }

    @Test(arguments: TestEngine.all) func aCartUpdateRacingItsCheckoutIsEitherOrderedOrRefused(_ engine: TestEngine) async throws {
        try await withTemporaryStore(engine) { store, _ in
            let customerID = try await Self.customer(in: store)
            for _ in 0..<10 {
                let cart = Self.cart(quantity: 3)
                let cartID = try #require(cart.id)
                try await store.addCart(cart, partnerID: Self.partner.tenantID, customerID: customerID)
                async let update: Result<StoredResponse, any Error> = outcome {
                    try await store.updateCart(
                        id: cartID, partnerID: Self.partner.tenantID, customerID: customerID, at: Date(),
                        answering: Answering(nil) { _ in StoredResponse(status: 201, headers: [], body: "") }
                    ) { stored in
                        try CartLifecycle.replacingLines(
                            of: stored.cart,
                            with: [CartLineItem(id: 0, catalogItemId: "CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P", quantity: 9, billingCycle: .monthly)],
                            hasPlacedOrders: stored.hasPlacedOrders, user: "racer", at: Date(), attestation: nil
                        )
                    }
                }
                async let checkout: Result<StoredResponse, any Error> = outcome {
                    try await store.checkout(
                        cartID: cartID, partnerID: Self.partner.tenantID, customerID: customerID, country: "US", customerUserUPN: nil, at: Date(),
                        answering: Self.answerNothing
                    ) { Self.plan($0, customerID: customerID) }
                }
                let (updated, checkedOut) = await (update, checkout)
                let result = try JSONDecoder().decode(CartCheckoutResult.self, from: Data(try checkedOut.get().body.utf8))
                let ordered = result.orders.first?.lineItems.first?.quantity
                switch updated {
                case .success:
                    #expect(ordered == 9, "the update came first, so the checkout ordered its lines")
                case .failure(let error):
                    #expect((error as? CommerceError)?.code == 800065, "\(error)")
                    #expect(ordered == 3, "the checkout came first; the update was refused, not lost")
                }
                #expect(try await store.orderCount(cartID: cartID) == 1)
            }
        }
    }

    /// A checkout plans from the cart its caller read (unlocked) to gather the plan's context: the subscriptions the
    /// lines name. When another writer changes the cart between that read and the checkout's lock, the plan must not
    /// be made from the new cart with the old read's context (it would judge lines against subscriptions read for
    /// other lines): nothing is written, the caller is told to read again, and its second try orders the new cart.
    @Test(arguments: TestEngine.all) func aCartChangedAfterItsContextWasReadIsNeverPlannedFromThatRead(_ engine: TestEngine) async throws {
        try await withTemporaryStore(engine) { store, _ in
            let customerID = try await Self.customer(in: store)
            let cart = Self.cart(quantity: 3)
            let cartID = try #require(cart.id)
            try await store.addCart(cart, partnerID: Self.partner.tenantID, customerID: customerID)
            let read = try #require(try await store.cartSnapshot(id: cartID, partnerID: Self.partner.tenantID, customerID: customerID))
            let plans = Mutex(0)
            let stale = Mutex(false)
            let first = await outcome {
                try await store.checkout(
                    cartID: cartID, partnerID: Self.partner.tenantID, customerID: customerID, country: "US", customerUserUPN: nil, at: Date(),
                    snapshot: read, answering: Self.answerNothing
                ) { state in
                    if state.cart.lineItems != read.cart.lineItems { stale.withLock { $0 = true } }
                    if plans.withLock({ count in
                        count += 1
                        return count
                    }) == 1 {
                        // The early plan: another writer changes the cart before this checkout's transaction starts.
                        // The plan is synchronous, so it blocks this (cooperative) thread; the writer runs on a thread
                        // of its own, so it cannot queue behind this wait (or the other engine's) for the pool.
                        let changed = DispatchSemaphore(value: 0)
                        Task.detached(executorPreference: ThreadExecutor.shared) {
                            _ = try? await store.updateCart(
                                id: cartID, partnerID: Self.partner.tenantID, customerID: customerID, at: Date(),
                                answering: Answering(nil) { _ in StoredResponse(status: 201, headers: [], body: "") }
                            ) { stored in
                                try CartLifecycle.replacingLines(
                                    of: stored.cart,
                                    with: [CartLineItem(id: 0, catalogItemId: "CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P", quantity: 9, billingCycle: .monthly)],
                                    hasPlacedOrders: false, user: "racer", at: Date(), attestation: nil
                                )
                            }
                            changed.signal()
                        }
                        changed.wait()
                    }
                    return Self.plan(state, customerID: customerID)
                }
            }
            #expect(!stale.withLock { $0 }, "a plan was made from a cart other than the one its context was read for")
            switch first {
            case .success: Issue.record("the checkout went ahead on a cart that changed after it was read")
            case .failure(let error): #expect(error as? StoreError == .changedSinceRead(.cart, id: cartID), "\(error)")
            }
            #expect(try await store.orderCount(cartID: cartID) == 0, "nothing was written")
            // The caller reads again and retries: the new cart is ordered.
            let again = try #require(try await store.cartSnapshot(id: cartID, partnerID: Self.partner.tenantID, customerID: customerID))
            let answer = try await store.checkout(
                cartID: cartID, partnerID: Self.partner.tenantID, customerID: customerID, country: "US", customerUserUPN: nil, at: Date(),
                snapshot: again, answering: Self.answerNothing
            ) { Self.plan($0, customerID: customerID) }
            let result = try JSONDecoder().decode(CartCheckoutResult.self, from: Data(answer.body.utf8))
            #expect(result.orders.first?.lineItems.first?.quantity == 9)
            #expect(try await store.orderCount(cartID: cartID) == 1)
        }
    }

    /// A caller whose ids are a repeatable sequence plans only once, inside the lock: no plan is thrown away, so no
    /// seeded id is drawn for nothing.
    @Test(arguments: TestEngine.all) func withoutTheEarlyPlanACheckoutPlansOnce(_ engine: TestEngine) async throws {
        try await withTemporaryStore(engine) { store, _ in
            let customerID = try await Self.customer(in: store)
            let cart = Self.cart(quantity: 2)
            let cartID = try #require(cart.id)
            try await store.addCart(cart, partnerID: Self.partner.tenantID, customerID: customerID)
            let read = try await store.cartSnapshot(id: cartID, partnerID: Self.partner.tenantID, customerID: customerID)
            let plans = Mutex(0)
            _ = try await store.checkout(
                cartID: cartID, partnerID: Self.partner.tenantID, customerID: customerID, country: "US", customerUserUPN: nil, at: Date(),
                snapshot: read, planEarly: false, answering: Self.answerNothing
            ) { state in
                plans.withLock { $0 += 1 }
                return Self.plan(state, customerID: customerID)
            }
            #expect(plans.withLock { $0 } == 1)
        }
    }

    @Test(arguments: TestEngine.all) func workersRacingForJobsClaimEachOnce(_ engine: TestEngine) async throws {
        try await withTemporaryStore(engine) { store, _ in
            let customerID = try await Self.customer(in: store)
            let due = Date().addingTimeInterval(-1)
            for _ in 0..<40 {
                let cart = Self.cart(quantity: 1)
                try await store.addCart(cart, partnerID: Self.partner.tenantID, customerID: customerID)
                _ = try await store.checkout(
                    cartID: cart.id ?? "", partnerID: Self.partner.tenantID, customerID: customerID, country: "US", customerUserUPN: nil, at: Date(),
                    answering: Self.answerNothing
                ) { Self.plan($0, customerID: customerID, fulfilAt: due) }
            }
            let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        var mine: [String] = []
                        while true {
                            let jobs = try await store.claimFulfilmentJobs(at: Date(), lease: 60, limit: 3)
                            if jobs.isEmpty { return mine }
                            for job in jobs {
                                let done = try await store.fulfil(job, at: Date()) { order in
                                    var completed = order
                                    completed.status = .completed
                                    let subscription = Subscription(id: UUID().uuidString.lowercased(), offerId: "racer", quantity: 1)
                                    return (completed, [subscription])
                                }
                                if done { mine.append(job.orderID) }
                            }
                        }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(claimed.count == 40, "every job done")
            #expect(Set(claimed).count == 40, "none done twice")
            #expect(try await store.contents()["subscriptions"]?.count == 40)
            #expect(try await store.pendingFulfilmentCount() == 0)
        }
    }
}

/// What an async throwing body returned or threw.
func outcome<T>(_ body: () async throws -> T) async -> Result<T, any Error> {
    do { return .success(try await body()) } catch { return .failure(error) }
}

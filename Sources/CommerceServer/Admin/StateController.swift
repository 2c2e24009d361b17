import CommerceCore
import CommerceStore
import Foundation
import Hummingbird
import PartnerCenterModels

/// `/_admin/reset`, `/_admin/snapshot` and `/_admin/seed`: put the store in a known state between tests, without a restart.
struct StateController {
    let store: Store
    let clock: any CommerceClock
    let ids: any IDGenerator
    let faults: FaultRegistry
    let fulfilmentRules: SharedRules<FulfilmentRule>
    /// This node's journal, cleared with what a reset reaches (other nodes keep theirs).
    let journal: RequestJournal?
    let maxBodyBytes: Int

    /// `POST /_admin/reset`; an empty body resets everything to the demo data.
    struct ResetRequest: Decodable {
        var partnerId: String?
        var customerId: String?
        /// `demo` (the default) or `empty`.
        var to: String?
        /// The instant the clock stands frozen at afterwards (the only way time goes back): the server's with a reset of
        /// everything, the partner's own with a reset of a partner.
        var clock: String?
        /// Starts the id sequence of this seed afterwards (`POST /_admin/seed`).
        var seed: UInt64?
    }

    struct ResetAnswer: Codable {
        var reset: String
        var partnerId: String?
        var customerId: String?
        var to: String
        var now: Date
        var seed: UInt64?
    }

    struct RestoreAnswer: Codable {
        var partnerId: String
        var rows: Int
    }

    struct SeedRequest: Decodable {
        /// `null` goes back to random ids.
        var seed: UInt64?
    }

    struct SeedAnswer: Encodable {
        var seed: UInt64?

        /// `{"seed": null}` while ids are random: the member is always there.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(["seed": seed])
        }
    }

    /// The earliest instant a reset may stand the clock at: before it, tokens and term dates would predate the platform.
    static let earliestClock = Date(timeIntervalSince1970: 946_684_800)

    /// A snapshot may be far larger than an API call's body.
    static let snapshotBodyLimit = 64 << 20

    func addRoutes(to admin: RouterGroup<PartnerRequestContext>) {
        admin.post("reset", use: reset)
        admin.post("seed", use: reseed)
        admin.get("seed", use: seed)
        admin.get("snapshot", use: snapshot)
        admin.post("snapshot", use: restore)
    }

    /// `POST /_admin/reset`; an empty body resets everything to the demo data.
    @Sendable func reset(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let body = try await RequestBody.decodeIfPresent(ResetRequest.self, from: request, limit: maxBodyBytes) ?? ResetRequest()
        return try await reset(body, context: context)
    }

    /// `POST /_admin/seed`: starts the id sequence of a seed, or goes back to random ids with `null`.
    @Sendable func reseed(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let body = try await RequestBody.decode(SeedRequest.self, from: request, limit: maxBodyBytes)
        try seedable().reseed(body.seed)
        return try JSONResponse.make(SeedAnswer(seed: body.seed))
    }

    @Sendable func seed(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        try JSONResponse.make(SeedAnswer(seed: (ids as? SeedableIDGenerator)?.seed))
    }

    /// `GET /_admin/snapshot?partnerId=`: one partner's rows, to restore later.
    @Sendable func snapshot(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let partner = try await partner(request.uri.queryParameters.get("partnerId"))
        return try JSONResponse.make(try await store.snapshot(partnerID: partner))
    }

    /// `POST /_admin/snapshot`: replaces the partner's rows with a snapshot's, checked before anything is written.
    @Sendable func restore(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let snapshot = try await RequestBody.decode(StoreSnapshot.self, from: request, limit: Self.snapshotBodyLimit)
        let partner = try await partner(request.uri.queryParameters.get("partnerId") ?? snapshot.partnerId)
        try Self.checkBodies(snapshot)
        let answering: Answering<StoreSnapshot> = context.answering { restored in
            try StoredResponse.json(RestoreAnswer(partnerId: partner, rows: restored.tables.values.reduce(0) { $0 + $1.count }), status: .ok)
        }
        return try context.answer(try await store.restore(snapshot, partnerID: partner, answering: answering))
    }

    func reset(_ body: ResetRequest, context: PartnerRequestContext) async throws -> Response {
        let to = body.to.map { $0.lowercased() } ?? "demo"
        guard to == "demo" || to == "empty" else { throw HTTPFault.badRequest("to must be demo or empty.", data: ["to"]) }
        let scope: ResetScope
        if let customer = body.customerId?.lowercased() {
            guard let owner = try await store.partnerOfCustomer(id: customer), body.partnerId.map({ $0.lowercased() == owner }) ?? true else {
                throw HTTPFault.notFound("There is no customer \(customer).")
            }
            scope = .customer(id: customer, partnerID: owner)
        } else if let partnerID = body.partnerId {
            scope = .partner(try await partner(partnerID))
        } else {
            scope = .everything
        }
        let frozenAt = try body.clock.map { text in
            if case .customer = scope {
                throw HTTPFault.badRequest("clock can be given only with a reset of everything or of a partner.", data: ["clock"])
            }
            guard let instant = WireDate.parse(text), instant >= Self.earliestClock, instant <= ClockSetting.latest else {
                throw HTTPFault.badRequest(
                    "clock must be an ISO 8601 instant from 2000-01-01T00:00:00Z on, such as 2030-01-01T00:00:00Z.", data: ["clock"])
            }
            return instant
        }
        if body.clock != nil, !(clock is TravellingClock) {
            throw HTTPFault(.conflictingRequest, "This server's clock is driven by the program that hosts it and cannot be moved here.")
        }
        if body.seed != nil { _ = try seedable() }
        if to == "demo", try await !DemoData.settle(in: store, wanted: false) {
            throw HTTPFault(.conflictingRequest, "This store was made without the demo data; reset it to empty.", data: ["to"])
        }
        let answering: Answering<ResetScope> = context.answering { scope in
            try StoredResponse.json(answer(scope, to: to, seed: body.seed, now: frozenAt ?? clock.now(partner: scope.partnerID)), status: .ok)
        }
        let stored = try await store.reset(scope, answering: answering)
        // After the commit, and again on a replay: each step below is idempotent.
        if case .partner(let partner) = scope {
            // The partner's own test bench goes with its data: its rules, and its clock (back on the server's, or
            // frozen at `clock`).
            try await faults.clear { $0.partnerId == partner }
            try await fulfilmentRules.clear { $0.partnerId == partner }
            if let travelling = clock as? TravellingClock {
                try await store.replacePartnerClock(partner, with: frozenAt.map { ClockSetting(frozenAt: $0) })
                travelling.apply(partners: try await store.partnerClockSettings())
            }
        }
        if scope == .everything {
            try await faults.clear()
            try await fulfilmentRules.clear()
            if let travelling = clock as? TravellingClock {
                try await store.replacePartnerClocks([:])
                travelling.apply(partners: [:])
            }
            if let frozenAt, let travelling = clock as? TravellingClock {
                try await store.replaceClockSetting(ClockSetting(frozenAt: frozenAt))
                travelling.apply(try await store.clockSetting())
            }
            // A seeded sequence starts again from its beginning, so a reset run twice gives the same ids.
            if let seedable = ids as? SeedableIDGenerator, let seed = body.seed ?? seedable.seed { seedable.reseed(seed) }
        } else if let seed = body.seed {
            try seedable().reseed(seed)
        }
        clearJournal(scope)
        if to == "demo" { try await refill(scope) }
        return try context.answer(stored)
    }

    /// The journal's entries a reset reaches: all of them, or the partner's (a customer's reset leaves them: a
    /// request's customer is not told apart in the journal).
    private func clearJournal(_ scope: ResetScope) {
        switch scope {
        case .everything: journal?.remove { _ in true }
        case .partner(let partner): journal?.remove { $0.partner?.lowercased() == partner }
        case .customer: break
        }
    }

    /// Puts the demo data back where the reset reached it.
    private func refill(_ scope: ResetScope) async throws {
        switch scope {
        case .everything: try await DemoData.plant(in: store, clock: clock)
        case .partner(let partner) where partner == DemoData.partner.tenantID:
            // On the partner's own clock, which the reset may have moved: the demo cart expires a week from its time.
            try await ClockScope.$partner.withValue(partner) { try await DemoData.plant(in: store, clock: clock) }
        case .customer(let id, _) where id == DemoData.customerID: try await DemoData.plant(in: store, clock: clock)
        case .partner(let partner): try await SandboxPartner.plant(partner, in: store, clock: clock)
        default: break
        }
    }

    /// What a reset answers; `now` is the server's time after it (a reset can stand the clock elsewhere).
    private func answer(_ scope: ResetScope, to: String, seed: UInt64?, now: Date) -> ResetAnswer {
        let current = seed ?? (ids as? SeedableIDGenerator)?.seed
        return switch scope {
        case .everything: ResetAnswer(reset: "everything", to: to, now: now, seed: current)
        case .partner(let partner): ResetAnswer(reset: "partner", partnerId: partner, to: to, now: now, seed: current)
        case .customer(let id, let partner): ResetAnswer(reset: "customer", partnerId: partner, customerId: id, to: to, now: now, seed: current)
        }
    }

    private func seedable() throws -> SeedableIDGenerator {
        guard let seedable = ids as? SeedableIDGenerator else {
            throw HTTPFault(.conflictingRequest, "This server's ids come from the program that hosts it and cannot be seeded here.")
        }
        return seedable
    }

    /// The partner a request names (the demo partner when it names none), which must exist.
    private func partner(_ tenant: String?) async throws -> String {
        let tenant = tenant?.lowercased() ?? DemoData.partner.tenantID
        guard try await store.partner(tenantID: tenant) != nil else { throw HTTPFault(.tenantNotFound, "There is no partner \(tenant).") }
        return tenant
    }

    /// Every stored body in a snapshot must read as the resource it stands for: a restored store must serve, not fail.
    static func checkBodies(_ snapshot: StoreSnapshot) throws {
        let decoder = PartnerCenterJSON.makeDecoder()
        func check<T: Decodable>(_ table: String, _ column: String, as type: T.Type) throws {
            for row in snapshot.tables[table] ?? [] {
                guard let text = row[column]?.text else { continue }
                guard (try? decoder.decode(T.self, from: Data(text.utf8))) != nil else {
                    throw HTTPFault.badRequest("A row of \(table) has a \(column) that is not a stored resource.", data: ["tables"])
                }
            }
        }
        try check("customers", "body", as: Customer.self)
        try check("carts", "body", as: Cart.self)
        try check("checkouts", "result", as: CartCheckoutResult.self)
        try check("orders", "body", as: Order.self)
        try check("subscriptions", "body", as: Subscription.self)
    }
}

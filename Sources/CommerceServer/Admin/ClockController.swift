import CommerceCore
import CommerceStore
import Foundation
import Hummingbird
import PartnerCenterModels

/// `GET/POST /_admin/clock`: reads, freezes, resumes, sets or advances the server's time, or one partner's own
/// (`partnerId`), and answers once what the move made due has run (``ClockSettler``).
struct ClockController {
    let store: Store
    let clock: any CommerceClock
    let maxBodyBytes: Int
    /// `nil` where the host program drives the clock.
    let settler: ClockSettler?

    /// Most partners that may have clocks of their own at once.
    static let maximumPartnerClocks = 1_000

    /// What the clock answers: the server's time, the machine's, and how they relate.
    struct State: Codable {
        var now: Date
        var machineTime: Date
        var frozen: Bool
        /// Seconds the server's time is ahead of the machine's (while running).
        var offsetSeconds: Double
        /// False when the host program drives the clock itself (a test's manual clock): it cannot be moved here.
        var controllable: Bool
        /// The partner whose clock this is; absent for the server's.
        var partnerId: String?
        /// With `partnerId`: whether the partner has a clock of its own (else it follows the server's).
        var ownClock: Bool?
        /// After a move: what ran before the answer.
        var settled: ClockSettler.Outcome?
    }

    /// One change: exactly one member is given.
    struct Change: Decodable {
        var freeze: Bool?
        var resume: Bool?
        var set: String?
        /// An ISO 8601 duration (`P8D`), or a number of seconds.
        var advance: LooseDuration?
        /// Moves this partner's own clock (made from the server's at its first move) instead of the server's.
        var partnerId: String?
        /// False answers at once, leaving what fell due to the background passes.
        var settle: Bool?
    }

    /// `"P8D"` or `691200`.
    struct LooseDuration: Decodable {
        var seconds: Double?
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                seconds = number
            } else if let text = try? container.decode(String.self) {
                seconds = ISODuration.seconds(text) ?? Double(text)
            }
        }
    }

    func addRoutes(to admin: RouterGroup<PartnerRequestContext>) {
        admin.get("clock", use: read)
        admin.post("clock", use: change)
    }

    @Sendable func read(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        guard let partner = request.query("partnerId") else { return try JSONResponse.make(state()) }
        let tenant = try await existingPartner(partner)
        guard let travelling = clock as? TravellingClock else { return try JSONResponse.make(state()) }
        let own = travelling.partnersWithClocks.contains(tenant)
        return try JSONResponse.make(
            state(setting: travelling.setting(partner: tenant), machine: travelling.machineNow(), partner: tenant, own: own))
    }

    /// `POST /_admin/clock` with exactly one of `freeze`, `resume`, `set` or `advance`.
    @Sendable func change(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let change = try await RequestBody.decode(Change.self, from: request, limit: maxBodyBytes)
        guard let travelling = clock as? TravellingClock else {
            throw HTTPFault(.conflictingRequest, "This server's clock is driven by the program that hosts it and cannot be moved here.")
        }
        let given = [change.freeze == true, change.resume == true, change.set != nil, change.advance != nil].filter { $0 }.count
        guard given == 1 else {
            throw HTTPFault.badRequest(
                "Give exactly one of freeze, resume, set (an instant) or advance (a duration such as P8D).", data: ["clock"])
        }
        let instant = try change.set.map { text in
            guard let parsed = WireDate.parse(text) else {
                throw HTTPFault.badRequest("set must be an ISO 8601 instant such as 2027-01-01T00:00:00Z.", data: ["set"])
            }
            return parsed
        }
        if let advance = change.advance, advance.seconds == nil {
            throw HTTPFault.badRequest("advance must be an ISO 8601 duration such as P8D or PT2H, or a number of seconds.", data: ["advance"])
        }
        var partner: String?
        if let named = change.partnerId { partner = try await existingPartner(named) }
        let machine = travelling.machineNow()
        let move: @Sendable (ClockSetting) throws(CommerceError) -> ClockSetting = { current throws(CommerceError) in
            if change.freeze == true { return current.frozen(machine: machine) }
            if change.resume == true { return current.resumed(machine: machine) }
            if let instant { return try current.set(to: instant, machine: machine) }
            return try current.advanced(by: change.advance?.seconds ?? 0, machine: machine)
        }
        let stored = try await self.move(travelling, partner: partner, machine: machine, context: context, move)
        guard stored.status == 200, change.settle ?? true, let settler else { return try context.answer(stored) }
        // Settled after the move is committed, and again on a replay (it only runs what is due), so a retried move
        // also answers once the work is done.
        var answer = try PartnerCenterJSON.makeDecoder().decode(State.self, from: Data(stored.body.utf8))
        answer.settled = await settler.settle(partner: partner)
        return try JSONResponse.make(answer)
    }

    /// Moves the server's clock, or `partner`'s own (made from the server's at its first move), keeping the answer
    /// for the request's `MS-RequestId` when there is a request (`context`); this node follows at once, the others
    /// within a second (`ControlPlaneSync`). The dashboard's advance button moves the clock through here too.
    func move(
        _ travelling: TravellingClock, partner: String?, machine: Date, context: PartnerRequestContext?,
        _ move: @escaping @Sendable (ClockSetting) throws(CommerceError) -> ClockSetting
    ) async throws -> StoredResponse {
        if let partner {
            let server = travelling.setting
            let answer: @Sendable ([String: ClockSetting]) throws -> StoredResponse = { clocks in
                try StoredResponse.json(state(setting: clocks[partner] ?? server, machine: machine, partner: partner, own: true), status: .ok)
            }
            let answering = context?.answering(answer) ?? Answering(nil, render: answer)
            let stored = try await store.changePartnerClockSettings(answering: answering) { clocks throws(CommerceError) in
                var clocks = clocks
                guard clocks[partner] != nil || clocks.count < Self.maximumPartnerClocks else {
                    throw CommerceError(
                        .invalidInput, "At most \(Self.maximumPartnerClocks) partners can have clocks of their own; reset some first.",
                        data: ["partnerId"])
                }
                // A partner's first move starts from the server's time.
                clocks[partner] = try move(clocks[partner] ?? server)
                return clocks
            }
            travelling.apply(partners: try await store.partnerClockSettings())
            return stored
        }
        let answer: @Sendable (ClockSetting) throws -> StoredResponse = { setting in
            try StoredResponse.json(state(setting: setting, machine: machine), status: .ok)
        }
        let stored = try await store.changeClockSetting(answering: context?.answering(answer) ?? Answering(nil, render: answer), move)
        travelling.apply(try await store.clockSetting())
        return stored
    }

    /// The partner a request names, in lower case, which must exist.
    private func existingPartner(_ tenant: String) async throws -> String {
        let tenant = tenant.lowercased()
        guard try await store.partner(tenantID: tenant) != nil else { throw HTTPFault(.tenantNotFound, "There is no partner \(tenant).") }
        return tenant
    }

    func state() -> State {
        guard let travelling = clock as? TravellingClock else {
            let now = clock.now()
            return State(now: now, machineTime: Date(), frozen: false, offsetSeconds: now.timeIntervalSinceNow, controllable: false)
        }
        return state(setting: travelling.setting, machine: travelling.machineNow())
    }

    func state(setting: ClockSetting, machine: Date, partner: String? = nil, own: Bool? = nil) -> State {
        State(
            now: setting.now(machine: machine), machineTime: machine, frozen: setting.frozenAt != nil,
            offsetSeconds: setting.frozenAt.map { $0.timeIntervalSince(machine) } ?? setting.offset, controllable: true, partnerId: partner,
            ownClock: own
        )
    }
}

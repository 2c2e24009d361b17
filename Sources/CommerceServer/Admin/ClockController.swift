import CommerceCore
import CommerceStore
import Foundation
import Hummingbird
import PartnerCenterModels

/// `GET/POST /_admin/clock`: reads, freezes, resumes, sets or advances the server's time (time travel for tests).
struct ClockController {
    let store: Store
    let clock: any CommerceClock
    let maxBodyBytes: Int

    /// What the clock answers: the server's time, the machine's, and how they relate.
    struct State: Codable {
        var now: Date
        var machineTime: Date
        var frozen: Bool
        /// Seconds the server's time is ahead of the machine's (while running).
        var offsetSeconds: Double
        /// False when the host program drives the clock itself (a test's manual clock): it cannot be moved here.
        var controllable: Bool
    }

    /// One change: exactly one member is given.
    struct Change: Decodable {
        var freeze: Bool?
        var resume: Bool?
        var set: String?
        /// An ISO 8601 duration (`P8D`), or a number of seconds.
        var advance: LooseDuration?
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
        try JSONResponse.make(state())
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
        let machine = travelling.machineNow()
        let answering: Answering<ClockSetting> = context.answering { setting in
            try StoredResponse.json(state(setting: setting, machine: machine), status: .ok)
        }
        let stored = try await store.changeClockSetting(answering: answering) { current throws(CommerceError) in
            if change.freeze == true { return current.frozen(machine: machine) }
            if change.resume == true { return current.resumed(machine: machine) }
            if let instant { return try current.set(to: instant, machine: machine) }
            return try current.advanced(by: change.advance?.seconds ?? 0, machine: machine)
        }
        // This node follows at once; the others within a second (`ClockSync`).
        travelling.apply(try await store.clockSetting())
        return try context.answer(stored)
    }

    func state() -> State {
        guard let travelling = clock as? TravellingClock else {
            let now = clock.now()
            return State(now: now, machineTime: Date(), frozen: false, offsetSeconds: now.timeIntervalSinceNow, controllable: false)
        }
        return state(setting: travelling.setting, machine: travelling.machineNow())
    }

    func state(setting: ClockSetting, machine: Date) -> State {
        State(
            now: setting.now(machine: machine), machineTime: machine, frozen: setting.frozenAt != nil,
            offsetSeconds: setting.frozenAt.map { $0.timeIntervalSince(machine) } ?? setting.offset, controllable: true
        )
    }
}

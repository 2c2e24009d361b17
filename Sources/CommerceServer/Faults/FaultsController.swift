import CommerceCore
import CommerceStore
import Foundation
import Hummingbird

/// `/_admin/faults`: adds, lists and clears the fault rules that `FaultRuleMiddleware` applies to `/v1` calls.
struct FaultsController {
    let registry: FaultRegistry
    let clock: any CommerceClock
    let ids: any IDGenerator
    let maxBodyBytes: Int

    /// `POST /_admin/faults`: every member optional but `fault`; enum values match however they are spelt.
    struct NewRule: Decodable {
        var operation: String?
        var partnerId: String?
        var customerId: String?
        var probability: Double?
        /// "The next N calls"; `count` and `remaining` are read as the same.
        var times: Int?
        var count: Int?
        var remaining: Int?
        var when: String?
        var fault: String?
        var status: Int?
        var code: Int?
        var description: String?
        var retryAfter: Int?
        var delayMilliseconds: Int?
    }

    func addRoutes(to admin: RouterGroup<PartnerRequestContext>) {
        admin.get("faults/operations") { _, _ in try JSONResponse.make(AdminResources.Collection(Operations.names)) }
        let routes = FaultRegistry.Routes(
            path: "faults", maximum: FaultRule.maximumRules,
            tooMany: { .invalidRequest("At most \(FaultRule.maximumRules) fault rules can be active; clear some first.", data: ["faults"]) },
            unknown: { CommerceError(.notFound, "There is no fault rule \($0).") }, id: \.id, partner: \.partnerId,
            make: { [maxBodyBytes, ids, clock] request in
                try Self.rule(from: try await RequestBody.decode(NewRule.self, from: request, limit: maxBodyBytes), id: ids.guid(), at: clock.now())
            }
        )
        registry.addRoutes(routes, to: admin)
    }

    /// The rule a request asks for, checked.
    static func rule(from body: NewRule, id: String, at now: Date) throws -> FaultRule {
        guard let faultName = body.fault, let fault = FaultRule.Answer(rawValue: Self.folded(faultName)) else {
            throw HTTPFault(.invalidInput, "fault must be one of error, throttle, delay or drop.", data: ["fault"])
        }
        let when: FaultRule.Timing
        switch body.when.map(Self.folded) {
        case nil, "before", "beforecommit": when = .beforeCommit
        case "after", "aftercommit": when = .afterCommit
        default: throw HTTPFault(.invalidInput, "when must be beforeCommit or afterCommit.", data: ["when"])
        }
        if let operation = body.operation, !Operations.names.contains(where: { $0.lowercased() == operation.lowercased() }) {
            throw HTTPFault(
                .invalidInput, "There is no operation \(operation); GET /_admin/faults/operations lists them.", data: ["operation"])
        }
        let times = [body.times, body.count, body.remaining].compactMap { $0 }
        guard Set(times).count <= 1 else { throw HTTPFault(.invalidInput, "Give the number of calls once, as times.", data: ["times"]) }
        return try FaultRule(
            id: id, operation: body.operation, partnerId: body.partnerId, customerId: body.customerId, probability: body.probability,
            remaining: times.first, when: when, fault: fault, status: body.status, code: body.code, description: body.description,
            retryAfter: body.retryAfter, delayMilliseconds: body.delayMilliseconds, createdAt: now
        ).validated()
    }

    /// Lower case without `_`, `-` or spaces: `After_Commit`, `after-commit` and `afterCommit` are one value.
    static func folded(_ text: String) -> String {
        String(text.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " })
    }
}

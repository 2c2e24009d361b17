import CommerceCore
import CommerceStore
import Foundation
import Hummingbird

/// `/_admin/fulfilment/rules` and `/_admin/orders/{id}/complete|fail`: when pending orders are fulfilled, in tests.
struct FulfilmentController {
    let control: FulfilmentControl
    let ids: any IDGenerator
    let maxBodyBytes: Int

    struct NewRule: Decodable {
        var catalogItemId: String?
        var partnerId: String?
        var mode: String?
        var seconds: Double?
        var reads: Int?
        var reason: String?
    }

    struct Failure: Decodable {
        var reason: String?
    }

    struct Settled: Codable {
        var orderId: String
        /// The fulfilment job's state: `done`, `failed`, or `running` while another node finishes it.
        var state: String
    }

    func addRoutes(to admin: RouterGroup<PartnerRequestContext>) {
        let routes = SharedRules<FulfilmentRule>.Routes(
            path: "fulfilment/rules", maximum: FulfilmentRule.maximumRules,
            tooMany: { .invalidRequest("At most \(FulfilmentRule.maximumRules) fulfilment rules can be active; clear some first.", data: ["rules"]) },
            unknown: { CommerceError(.notFound, "There is no fulfilment rule \($0).") }, id: \.id, partner: \.partnerId,
            make: { [maxBodyBytes, ids, control] request in
                try Self.rule(
                    from: try await RequestBody.decode(NewRule.self, from: request, limit: maxBodyBytes), id: ids.guid(), at: control.clock.now())
            }
        )
        control.rules.addRoutes(routes, to: admin)
        admin.post("orders/:orderID/complete") { _, context in
            try await settle(context, failure: nil)
        }
        admin.post("orders/:orderID/fail") { request, context in
            let body = try await RequestBody.decodeIfPresent(Failure.self, from: request, limit: maxBodyBytes)
            let reason = body?.reason ?? "Fulfilment failed (injected)."
            guard reason.unicodeScalars.count <= 1_024 else { throw HTTPFault.badRequest("reason holds at most 1024 characters.", data: ["reason"]) }
            return try await settle(context, failure: reason)
        }
    }

    private func settle(_ context: PartnerRequestContext, failure: String?) async throws -> Response {
        let id = context.parameters.get("orderID") ?? ""
        guard let before = try await control.store.fulfilmentState(orderID: id) else {
            throw HTTPFault.notFound("Order \(id) has no fulfilment to settle.")
        }
        // Checked, then released in one statement that wants it pending: two settles racing cannot both win.
        guard before == "pending", let state = try await control.settle(orderID: id, failure: failure) else {
            let now = try await control.store.fulfilmentState(orderID: id) ?? before
            throw HTTPFault(.conflictingRequest, "Order \(id) is not pending fulfilment: its job is \(now).")
        }
        return try JSONResponse.make(Settled(orderId: id, state: state))
    }

    static func rule(from body: NewRule, id: String, at now: Date) throws -> FulfilmentRule {
        guard let name = body.mode,
            let mode = FulfilmentRule.Mode.allCases.first(where: { FaultsController.folded($0.rawValue) == FaultsController.folded(name) })
        else {
            throw HTTPFault.badRequest("mode must be one of immediately, afterSeconds, afterReads, hold or fail.", data: ["mode"])
        }
        return try FulfilmentRule(
            id: id, catalogItemId: body.catalogItemId, partnerId: body.partnerId, mode: mode, seconds: body.seconds, reads: body.reads,
            reason: body.reason, createdAt: now
        ).validated()
    }
}

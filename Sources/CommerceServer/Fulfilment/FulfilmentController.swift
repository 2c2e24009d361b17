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
        let store = control.store
        let setting = FulfilmentControl.settingName
        admin.get("fulfilment/rules") { _, _ in try JSONResponse.make(AdminResources.Collection(try await control.rules.stored())) }
        admin.post("fulfilment/rules") { request, context in
            let rule = try Self.rule(from: try await RequestBody.decode(NewRule.self, from: request, limit: maxBodyBytes), id: ids.guid(), at: control.clock.now())
            let answering: Answering<[FulfilmentRule]> = context.answering { _ in try StoredResponse.json(rule, status: .created) }
            let stored = try await store.changeSharedSetting(setting, default: [FulfilmentRule](), answering: answering) { rules throws(CommerceError) in
                guard rules.count < FulfilmentRule.maximumRules else {
                    throw .invalidRequest("At most \(FulfilmentRule.maximumRules) fulfilment rules can be active; clear some first.", data: ["rules"])
                }
                return rules + [rule]
            }
            try await control.rules.refresh()
            return try context.answer(stored)
        }
        admin.delete("fulfilment/rules") { _, context in
            let answering: Answering<[FulfilmentRule]> = context.answering { _ in StoredResponse(status: 204, headers: [], body: "") }
            let stored = try await store.changeSharedSetting(setting, default: [FulfilmentRule](), answering: answering) { _ in [] }
            try await control.rules.refresh()
            return try context.answer(stored)
        }
        admin.delete("fulfilment/rules/:id") { _, context in
            let id = context.parameters.get("id") ?? ""
            let answering: Answering<[FulfilmentRule]> = context.answering { _ in StoredResponse(status: 204, headers: [], body: "") }
            let stored = try await store.changeSharedSetting(setting, default: [FulfilmentRule](), answering: answering) { rules throws(CommerceError) in
                guard rules.contains(where: { $0.id == id }) else { throw CommerceError(.notFound, code: 1000, "There is no fulfilment rule \(id).") }
                return rules.filter { $0.id != id }
            }
            try await control.rules.refresh()
            return try context.answer(stored)
        }
        admin.post("orders/:orderID/complete") { _, context in
            try await settle(context, failure: nil)
        }
        admin.post("orders/:orderID/fail") { request, context in
            let body = try await RequestBody.decodeIfPresent(Failure.self, from: request, limit: maxBodyBytes)
            let reason = body?.reason ?? "Fulfilment failed (injected)."
            guard reason.count <= 1_024 else { throw HTTPFault.badRequest("reason holds at most 1024 characters.", data: ["reason"]) }
            return try await settle(context, failure: reason)
        }
    }

    private func settle(_ context: PartnerRequestContext, failure: String?) async throws -> Response {
        let id = context.parameters.get("orderID") ?? ""
        guard let before = try await control.store.fulfilmentState(orderID: id) else {
            throw HTTPFault.notFound("Order \(id) has no fulfilment to settle.")
        }
        guard before == "pending" else { throw HTTPFault(.conflict, code: 800002, "Order \(id) is not pending fulfilment: its job is \(before).") }
        let state = try await control.settle(orderID: id, failure: failure) ?? before
        return try JSONResponse.make(Settled(orderId: id, state: state))
    }

    static func rule(from body: NewRule, id: String, at now: Date) throws -> FulfilmentRule {
        guard let name = body.mode, let mode = FulfilmentRule.Mode.allCases.first(where: { FaultsController.folded($0.rawValue) == FaultsController.folded(name) }) else {
            throw HTTPFault.badRequest("mode must be one of immediately, afterSeconds, afterReads, hold or fail.", data: ["mode"])
        }
        return try FulfilmentRule(
            id: id, catalogItemId: body.catalogItemId, mode: mode, seconds: body.seconds, reads: body.reads, reason: body.reason, createdAt: now
        ).validated()
    }
}

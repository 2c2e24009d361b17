import CommerceCore
import CommerceStore
import Hummingbird

/// The four routes every list of rules has (`/_admin/faults`, `/_admin/fulfilment/rules`): list, add, clear, remove one.
/// Each change is made under the store's lock and kept with the request's `MS-RequestId`, and applies on this node at once.
/// Listing and clearing take `?partnerId=`, so a test suite on its own partner sees and clears only its own rules.
extension SharedRules {
    struct Routes {
        /// Where the rules live, under `/_admin`.
        let path: String
        let maximum: Int
        /// The refusal past `maximum`, and for an unknown id.
        let tooMany: @Sendable () -> CommerceError
        let unknown: @Sendable (String) -> CommerceError
        /// A rule's id.
        let id: @Sendable (Rule) -> String
        /// The partner a rule is only for (lower case), if any.
        let partner: @Sendable (Rule) -> String?
        /// The new rule a request asks for, checked.
        let make: @Sendable (Request) async throws -> Rule
    }

    func addRoutes(_ routes: Routes, to admin: RouterGroup<PartnerRequestContext>) {
        admin.get(RouterPath(routes.path)) { request, _ in
            let partner = request.query("partnerId")?.lowercased()
            let rules = try await self.stored().filter { rule in partner.map { routes.partner(rule) == $0 } ?? true }
            return try JSONResponse.make(AdminResources.Collection(rules))
        }
        admin.post(RouterPath(routes.path)) { request, context in
            let rule = try await routes.make(request)
            let answering: Answering<[Rule]> = context.answering { _ in try StoredResponse.json(rule, status: .created) }
            return try await self.change(context: context, answering: answering) { rules throws(CommerceError) in
                guard rules.count < routes.maximum else { throw routes.tooMany() }
                return rules + [rule]
            }
        }
        admin.delete(RouterPath(routes.path)) { request, context in
            let partner = request.query("partnerId")?.lowercased()
            return try await self.change(context: context, answering: context.answering { _ in StoredResponse(status: 204, headers: [], body: "") }) {
                rules in
                guard let partner else { return [] }
                return rules.filter { routes.partner($0) != partner }
            }
        }
        admin.delete(RouterPath(routes.path + "/:id")) { _, context in
            let id = context.parameters.get("id") ?? ""
            return try await self.change(context: context, answering: context.answering { _ in StoredResponse(status: 204, headers: [], body: "") }) {
                rules throws(CommerceError) in
                guard rules.contains(where: { routes.id($0) == id }) else { throw routes.unknown(id) }
                return rules.filter { routes.id($0) != id }
            }
        }
    }

    private func change(
        context: PartnerRequestContext, answering: Answering<[Rule]>, _ change: @escaping @Sendable ([Rule]) throws(CommerceError) -> [Rule]
    ) async throws -> Response {
        let stored = try await store.changeSharedSetting(settingName, default: [Rule](), answering: answering, change)
        try await refresh()
        return try context.answer(stored)
    }
}

import CommerceCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PartnerCenterModels

/// Answers the calls a fault rule strikes (`POST /_admin/faults`) the way the rule says.
///
/// It sits outside request idempotency: a fault before the commit is never kept as the answer to its `MS-RequestId`
/// (the client's retry runs for real), while a fault after the commit lets the call run (its answer is kept) and then
/// answers the fault instead, so the retry replays what was written: exactly once still holds.
struct FaultRuleMiddleware: RouterMiddleware {
    typealias Context = PartnerRequestContext
    let registry: FaultRegistry

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let operation = Operations.name(method: request.method, route: context.endpointPath),
            let rule = try await registry.strike(
                operation: operation, partnerId: context.identity?.partnerTenantID, customerId: context.parameters.get("customerID")
            )
        else { return try await next(request, context) }
        context.logger.info("injected fault", metadata: ["rule": "\(rule.id)", "operation": "\(operation)", "fault": "\(rule.fault.rawValue)"])
        switch rule.when {
        case .beforeCommit:
            return try await answer(rule, context: context) { try await next(request, context) }
        case .afterCommit:
            let response: Response
            do {
                response = try await next(request, context)
            } catch {
                // The call failed on its own; the fault still answers, as the rule asked.
                response = FaultMiddleware.response(for: error, request: request, context: context)
            }
            return try await answer(rule, context: context) { response }
        }
    }

    private func answer(_ rule: FaultRule, context: Context, otherwise: () async throws -> Response) async throws -> Response {
        switch rule.fault {
        case .error:
            let status = HTTPResponse.Status(code: rule.status ?? 500)
            let fault = ApiFault(code: rule.code ?? status.code, description: rule.description ?? "")
            return try JSONResponse.make(fault, status: status)
        case .throttle:
            return ThrottlingMiddleware.refusal(retryAfter: rule.retryAfter ?? 1)
        case .delay:
            try await Task.sleep(for: .milliseconds(rule.delayMilliseconds ?? 0))
            return try await otherwise()
        case .drop:
            // Closed before any byte of an answer: the client sees the connection end, as when a proxy or the network fails.
            try? await context.channel.close(mode: .all)
            return Response(status: .ok)
        }
    }
}

import CommerceStore
import HTTPTypes
import Hummingbird

/// Crash-safety tests only (`ServerConfiguration.faultPoints`): a request with `PartnerCommerce-Fault:
/// before-commit` kills the process inside its write transaction, and one with `after-commit` kills it once its
/// writes have committed, before the answer leaves — the two moments a crash must not turn into a lost or a
/// doubled write. Sits inside the idempotency middleware, next to the handler.
struct FaultPointMiddleware: RouterMiddleware {
    typealias Context = PartnerRequestContext

    static let header = HTTPField.Name("PartnerCommerce-Fault")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let value = request.headers[Self.header], let point = FaultPoint(rawValue: value.lowercased()) else {
            return try await next(request, context)
        }
        let response = try await FaultPoint.$armed.withValue(point) { try await next(request, context) }
        if point == .crashAfterCommit, response.status.code < 300 { FaultPoint.crash() }
        return response
    }
}

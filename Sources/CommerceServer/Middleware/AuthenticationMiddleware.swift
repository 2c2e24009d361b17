import CommerceCore
import Foundation
import HTTPTypes
import Hummingbird
import PartnerCenterModels

/// Requires a valid Partner Center bearer token on every route behind it (spec §9); sets `context.identity`.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = PartnerRequestContext
    let tokens: TokenService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], !header.trimmingWhitespace().isEmpty else {
            throw HTTPFault.unauthorized("Authorization header with a Bearer token is required.", error: .tokenMissing)
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw HTTPFault.unauthorized("The Authorization header must be 'Bearer <token>'.")
        }
        var context = context
        context.identity = try await tokens.verify(parts[1].trimmingWhitespace())
        return try await next(request, context)
    }
}

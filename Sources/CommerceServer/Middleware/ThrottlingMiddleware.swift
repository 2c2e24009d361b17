import CommerceCore
import Foundation
import HTTPTypes
import Hummingbird

/// Refuses calls over their limits with Partner Center's gateway answer (spec §10): 429, `Retry-After` in
/// seconds and `{"statusCode": 429, "message": "Rate limit is exceeded. Try again in N seconds."}`. A refused
/// call is not executed. Counters live in the store when several nodes share it (README, "Running several nodes").
struct ThrottlingMiddleware: RouterMiddleware {
    typealias Context = PartnerRequestContext
    let policy: ThrottlePolicy
    let counter: any ThrottleCounter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let caller = context.identity else { return try await next(request, context) }
        // Below `/v1`; webhook registration (`/webhooks/v1/…`) as the family `webhooks`.
        var segments = request.uri.path.lowercased().split(separator: "/").map(String.init)
        segments = segments.first == "webhooks" ? ["webhooks"] + segments.dropFirst(2) : Array(segments.dropFirst())
        let wanted = ThrottleFamilies.buckets(policy, partner: caller.partnerTenantID, method: request.method.rawValue, segments: segments)
        if let wait = try await counter.take(wanted) {
            return Self.refusal(retryAfter: retryAfterSeconds(wait))
        }
        return try await next(request, context)
    }

    /// The gateway's 429: `Retry-After` and its JSON body.
    static func refusal(retryAfter seconds: Int) -> Response {
        let body = #"{"statusCode":429,"message":"Rate limit is exceeded. Try again in \#(seconds) seconds."}"#
        return JSONResponse.bytes(Data(body.utf8), status: .tooManyRequests, headers: [.retryAfter: String(seconds)])
    }
}

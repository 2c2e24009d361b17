import CommerceCore
import Hummingbird

/// Runs each request in the ``ClockScope`` of the partner it speaks for, so a partner with a clock of its own sees
/// its time everywhere: token lifetimes, cart expiry, term dates, the journal's entry. The partner is the one the
/// bearer token claims (its signature is checked later; a forged claim only picks whose clock a refused token is
/// checked against) or the tenant a token request names. Nothing is read while no partner has a clock of its own.
struct PartnerClockMiddleware: RouterMiddleware {
    typealias Context = PartnerRequestContext
    let clock: TravellingClock

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard clock.hasPartnerClocks else { return try await next(request, context) }
        let partner =
            JournalMiddleware.claimedTenant(JournalMiddleware.claimsSegment(request.headers[.authorization]))
            ?? JournalPath.tokenTenant(request.uri.path)
        return try await ClockScope.$partner.withValue(partner?.lowercased()) { try await next(request, context) }
    }
}

import CommerceCore
import Hummingbird

/// Refuses a write by a partner over its storage quota (`StorageQuota`), before anything is read or kept. Reads
/// and deletes go on: they are how a partner gets back under it.
struct StorageQuotaMiddleware: RouterMiddleware {
    typealias Context = PartnerRequestContext
    let quota: StorageQuota

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard [.post, .put, .patch].contains(request.method), let caller = context.identity, let limit = quota.limit,
            let use = quota.overLimit(caller.partnerTenantID)
        else {
            return try await next(request, context)
        }
        throw HTTPFault(
            .invalidInput,
            "The partner keeps \(use) characters of carts and request records, over this server's quota of \(limit); delete carts, or wait for expired carts and old request records to be purged."
        )
    }
}

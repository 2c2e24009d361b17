import CommerceCore
import CommerceStore
import Foundation
import HTTPTypes
import Hummingbird

/// Guards `/_admin`: the admin key as `Authorization: Bearer <key>`, compared with the stored hash in constant time.
struct AdminAuthenticationMiddleware: RouterMiddleware {
    typealias Context = PartnerRequestContext
    let store: Store

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let parts = (request.headers[.authorization] ?? "").split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer", parts[1].count <= 256 else {
            throw Self.refusal("The admin API needs 'Authorization: Bearer <admin key>'.")
        }
        let key = String(parts[1]).trimmingCharacters(in: .whitespaces)
        guard try await AdminKey.matches(key, in: store) else { throw Self.refusal("The admin key is not valid.") }
        var context = context
        context.adminKey = key
        return try await next(request, context)
    }

    static func refusal(_ description: LocalizedText) -> HTTPFault {
        HTTPFault(.accessDenied, description, headers: [.wwwAuthenticate: #"Bearer realm="partner-commerce-admin""#])
    }
}

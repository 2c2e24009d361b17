import CommerceCore
import HTTPTypes
import Hummingbird

extension Router where Context == PartnerRequestContext {
    /// Answers 405 with `Allow` for every method a known path does not serve, so a wrong method is told apart
    /// from an unknown path (Hummingbird alone answers both with 404). Call after every route is added.
    ///
    /// `HEAD`, `OPTIONS`, `TRACE` and `QUERY` (the safe method with a body that OpenAPI 3.2 lists) are refused the
    /// same way: no route declares them, so they are wrong methods too, not unknown paths (`TRACE`, then `QUERY`,
    /// answered 404 before, which the contract's checks caught).
    func addMethodNotAllowedResponders() {
        let declared: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]
        let methods = declared + [.head, .options, .trace, HTTPRequest.Method("QUERY")!]
        var served: [String: (path: RouterPath, methods: Set<HTTPRequest.Method>)] = [:]
        for route in routes {
            served[route.path.description, default: (route.path, [])].methods.insert(route.method)
        }
        for (_, entry) in served {
            let allow = declared.filter { entry.methods.contains($0) }.map(\.rawValue).joined(separator: ", ")
            for method in methods where !entry.methods.contains(method) {
                on(entry.path, method: method) { request, _ -> Response in
                    throw HTTPFault(
                        .methodNotAllowed, "The method \(request.method.rawValue) is not allowed on this resource; use \(allow).",
                        headers: [.allow: allow]
                    )
                }
            }
        }
    }
}

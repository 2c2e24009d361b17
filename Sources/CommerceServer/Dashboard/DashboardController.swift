import CommerceCore
import CommerceStore
import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// `GET /_admin/ui`: the test bench at a glance, rendered on the server (swift-mustache; no build step, no script).
///
/// A browser cannot send the admin key as a header, so the page also takes it from a form (`POST /_admin/ui`) or, once,
/// from `?key=` (a headless browser's first load), and keeps it in a cookie: `HttpOnly`, `SameSite=Strict`, for
/// `/_admin/ui` only. The cookie opens this read-only page and nothing else: the JSON admin API still wants the header,
/// so no other site can make a browser change anything.
struct DashboardController {
    let store: Store
    let clock: any CommerceClock
    let journal: RequestJournal?
    let faults: FaultRegistry
    let fulfilmentRules: SharedRules<FulfilmentRule>
    let templates: MustacheLibrary
    let secure: Bool
    /// What the page's buttons do.
    let actions: DashboardActions

    static let cookie = "partnercommerce_admin"

    /// The templates shipped with the server.
    static func loadTemplates() async throws -> MustacheLibrary {
        guard let folder = Bundle.module.path(forResource: "Dashboard", ofType: nil) else { throw CocoaError(.fileNoSuchFile) }
        return try await MustacheLibrary(directory: folder)
    }

    func addRoutes(to router: Router<PartnerRequestContext>) {
        router.get("/_admin/ui") { request, _ in
            if let key = request.uri.queryParameters.get("key") {
                // Into the cookie and out of the address bar (and the browser's history) at once.
                guard try await AdminKey.matches(key, in: store) else { return try login(refused: true) }
                return signedIn(key)
            }
            guard let key = presentedKey(request), try await AdminKey.matches(key, in: store) else { return try login(refused: false) }
            let query = request.uri.queryParameters
            return try await page(
                partner: query.get("partner"), key: key, notice: query.get("done").map { String($0.prefix(300)) },
                refresh: query.get("refresh") != "0")
        }
        router.post("/_admin/ui/act") { request, context in
            let body = try await RequestBody.collect(request, limit: 4_096)
            var form: [String: String] = [:]
            for item in URLComponents(string: "?" + String(buffer: body).replacingOccurrences(of: "+", with: " "))?.queryItems ?? [] {
                form[item.name] = item.value ?? ""
            }
            // The cookie and the form's token, both: see `DashboardActions`.
            guard let key = presentedKey(request), try await AdminKey.matches(key, in: store), form["token"] == DashboardActions.formToken(for: key)
            else { return try login(refused: true) }
            let partner = form["partner"]?.lowercased() ?? DemoData.partner.tenantID
            let notice: String
            do {
                notice = try await actions.act(form, partner: partner, context: context)
            } catch let fault as HTTPFault {
                notice = "Refused: " + fault.message.description
            }
            var target = URLComponents(string: "/_admin/ui")
            target?.queryItems = [URLQueryItem(name: "partner", value: partner), URLQueryItem(name: "done", value: notice)]
            return Response(status: .seeOther, headers: [.location: target?.string ?? "/_admin/ui", .cacheControl: "no-store"])
        }
        router.post("/_admin/ui") { request, _ in
            let form = try await RequestBody.collect(request, limit: 4_096)
            let key = URLComponents(string: "?" + String(buffer: form))?.queryItems?.first { $0.name == "key" }?.value ?? ""
            guard try await AdminKey.matches(key, in: store) else { return try login(refused: true) }
            return signedIn(key)
        }
    }

    private func presentedKey(_ request: Request) -> String? {
        let parts = (request.headers[.authorization] ?? "").split(separator: " ", maxSplits: 1)
        if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]) }
        for field in request.headers[values: .cookie] {
            for pair in field.split(separator: ";") {
                let nameValue = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if nameValue.count == 2, nameValue[0] == Self.cookie { return nameValue[1] }
            }
        }
        return nil
    }

    private func signedIn(_ key: String) -> Response {
        let attributes = "Path=/_admin/ui; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
        let cookie = Self.cookie + "=" + key + "; " + attributes
        return Response(status: .seeOther, headers: [.location: "/_admin/ui", .setCookie: cookie, .cacheControl: "no-store"])
    }

    private func login(refused: Bool) throws -> Response {
        try html(templates.render(["title": "Sign in", "refused": refused], withTemplate: "login"), status: .unauthorized)
    }

    private func page(partner wanted: String?, key: String, notice: String?, refresh: Bool) async throws -> Response {
        let partners = try await store.partners()
        let partner =
            partners.first { $0.tenantID == wanted?.lowercased() } ?? partners.first { $0.tenantID == DemoData.partner.tenantID } ?? partners.first
        guard let partner else { return try html(templates.render(["title": "Dashboard"], withTemplate: "login"), status: .ok) }
        var view = try await DashboardPage.read(
            partner: partner, all: partners, store: store, clock: clock, journal: journal, faults: faults.current,
            fulfilmentRules: fulfilmentRules.current
        )
        view.formToken = DashboardActions.formToken(for: key)
        view.notice = notice
        view.refresh = refresh
        return try html(templates.render(view, withTemplate: "dashboard"), status: .ok)
    }

    private func html(_ text: String?, status: HTTPResponse.Status) throws -> Response {
        guard let text else { throw HTTPFault(.unexpected, "The dashboard could not be rendered.") }
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}

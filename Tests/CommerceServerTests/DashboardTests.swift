import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// `GET /_admin/ui`: the admin key opens it (header, form or one `?key=`, then a cookie for this page only), the demo
/// data is on it, and what clients wrote is escaped. (CI renders it in headless Chromium too: `.ci/dashboard`.)
@Suite struct DashboardTests {
    @Test func theDashboardShowsTheDemoDataToTheAdminKeyOnly() async throws {
        try await TestServer.run { server in
            let key = try #require(server.server.newAdminKey)
            let anonymous = try await server.call(.get, "/_admin/ui", token: nil)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.contentType] == "text/html; charset=utf-8")
            #expect(anonymous.text.contains("<form"))
            #expect(try await server.call(.get, "/_admin/ui?key=pcadmin_wrong", token: nil).status == .unauthorized)

            let signedIn = try await server.call(.get, "/_admin/ui?key=\(key)", token: nil)
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/_admin/ui", "the key leaves the address bar")
            let cookie = try #require(signedIn.headers[.setCookie])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/_admin/ui"))
            let pair = try #require(cookie.split(separator: ";").first.map(String.init))

            // A hostile company name is shown as text.
            let hostile =
                #"{"companyProfile":{"domain":"xss-test.onmicrosoft.com","companyName":"<script>alert(1)</script>"},"billingProfile":{"email":"a@b.example","culture":"en-US","language":"en","companyName":"<script>alert(1)</script>","defaultAddress":{"country":"US","city":"Redmond","state":"WA","addressLine1":"1 Way","postalCode":"98052"}}}"#
            #expect(try await server.call(.post, "/v1/customers", body: hostile).status == .created)

            let page = try await server.call(.get, "/_admin/ui", token: nil, headers: [.cookie: pair])
            #expect(page.status == .ok)
            for shown in ["Wingtip Toys (demo)", DemoData.cartID, DemoData.customerID, "Contoso Partner (demo)", "Request journal"] {
                #expect(page.text.contains(shown), "the page shows \(shown)")
            }
            #expect(!page.text.contains("<script>alert(1)</script>"))
            #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            // The cookie opens this page, not the JSON admin API (no other site can make a browser change anything).
            #expect(try await server.call(.get, "/_admin/partners", token: nil, headers: [.cookie: pair]).status == .unauthorized)
            // The form signs in too.
            let form = try await server.call(
                .post, "/_admin/ui", token: nil, body: "key=\(key)", headers: [.contentType: "application/x-www-form-urlencoded"]
            )
            #expect(form.status == .seeOther)
            #expect(try await server.call(.get, "/_admin/ui", token: key).status == .ok, "the header works as on every admin route")
        }
    }
}

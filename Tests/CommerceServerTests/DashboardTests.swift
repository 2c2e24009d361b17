import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import PartnerCenterModels
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

    /// The open month's charges and the invoices (issue 28, point 7).
    @Test func theDashboardShowsTheMonthsChargesAndTheInvoices() async throws {
        try await SubscriptionLifeTests.run { server, life in
            let key = life.key
            let before = try await server.call(.get, "/_admin/ui", token: key)
            #expect(before.text.contains("Charges of 2030-03") && before.text.contains("No charges this month."), "\(before.text)")
            #expect(before.text.contains("No invoices."))
            _ = try await ChargeTests.buy(life, seats: 10)
            let charged = try await server.call(.get, "/_admin/ui", token: key)
            #expect(charged.text.contains("1 not invoiced yet"), "\(charged.text)")
            #expect(charged.text.contains("Exchange Online (Plan 1)") && charged.text.contains("36 USD"), "\(charged.text)")
            let closed = try await server.call(
                .post, "/_admin/billing/close", token: nil, body: #"{"period":"current"}"#, headers: [.authorization: "Bearer \(key)"])
            let invoice = try #require((try closed.json()["items"] as? [[String: Any]])?.first?["id"] as? String, "\(closed.text)")
            let page = try await server.call(.get, "/_admin/ui", token: key)
            #expect(page.text.contains(invoice) && page.text.contains("2030-03") && page.text.contains("0 not invoiced yet"), "\(page.text)")
        }
    }

    @Test func theDashboardActsWithItsCookieAndFormToken() async throws {
        try await TestServer.run(clock: TravellingClock(), configure: { $0.fulfilmentDelay = 3_600 }) { server in
            let key = try #require(server.server.newAdminKey)
            let signedIn = try await server.call(.get, "/_admin/ui?key=\(key)", token: nil)
            let cookie = try #require(signedIn.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let page = try await server.call(.get, "/_admin/ui", token: nil, headers: [.cookie: cookie])
            #expect(page.text.contains(#"<meta http-equiv="refresh" content="5">"#), "it refreshes itself")
            let token = try #require(page.text.components(separatedBy: #"name="token" value=""#).dropFirst().first?.prefix { $0 != "\"" })
            func act(_ form: String, cookie: String? = cookie) async throws -> TestResponse {
                var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
                if let cookie { headers[.cookie] = cookie }
                return try await server.call(.post, "/_admin/ui/act", token: nil, body: form, headers: headers)
            }
            // Without the token, or without the cookie: the sign-in form, nothing done.
            #expect(try await act("action=clearFaults").status == .unauthorized)
            #expect(try await act("action=clearFaults&token=\(token)", cookie: nil).status == .unauthorized)

            // A held order completes or fails from its row.
            let checkout = try await server.call(
                .post, "/v1/customers/\(DemoData.customerID)/carts/\(DemoData.cartID)/checkout", token: nil,
                headers: [
                    .authorization:
                        "Bearer \(try await server.server.tokens.mint(partnerTenantID: DemoData.partner.tenantID, applicationID: DemoData.applicationID, objectID: DemoData.applicationID))"
                ])
            let orders = try #require(try checkout.json()["orders"] as? [[String: Any]]).filter { $0["status"] as? String == "pending" }
                .compactMap { $0["id"] as? String }
            #expect(orders.count >= 2, "\(checkout.text)")
            let shown = try await server.call(.get, "/_admin/ui", token: nil, headers: [.cookie: cookie])
            #expect(shown.text.contains(#"value="complete""#), "a pending order has its buttons")
            #expect(shown.text.contains(#"<details class="entry">"#), "a journal row opens")
            #expect(try await act("action=complete&order=\(orders[0])&token=\(token)").headers[.location]?.contains("done") == true)
            #expect(try await act("action=fail&order=\(orders[1])&token=\(token)").status == .seeOther)
            let jobs = try await server.admin(.get, "/_admin/fulfilment").text
            #expect(jobs.contains("failed") && jobs.contains("done"), "\(jobs)")

            let before = try #require(WireDate.parse(try await server.admin(.get, "/_admin/clock").json()["now"] as? String ?? ""))
            let advanced = try await act("action=advance&duration=P8D&token=\(token)&partner=\(DemoData.partner.tenantID)")
            #expect(advanced.status == .seeOther)
            #expect(advanced.headers[.location]?.contains("done=Advanced") == true, "\(advanced.headers)")
            let after = try #require(WireDate.parse(try await server.admin(.get, "/_admin/clock").json()["now"] as? String ?? ""))
            #expect(after.timeIntervalSince(before) >= 8 * 86_400)

            #expect(try await server.admin(.post, "/_admin/faults", body: #"{"fault":"throttle","retryAfter":1}"#).status == .created)
            #expect(try await act("action=clearFaults&token=\(token)").status == .seeOther)
            #expect(try await server.admin(.get, "/_admin/faults").json()["totalCount"] as? Int == 0)
            #expect(try await act("action=reset&token=\(token)&partner=\(DemoData.partner.tenantID)").status == .seeOther)
            #expect(
                try await server.call(
                    .get, "/v1/customers/\(DemoData.customerID)/carts/\(DemoData.cartID)", token: nil,
                    headers: [
                        .authorization:
                            "Bearer \(try await server.server.tokens.mint(partnerTenantID: DemoData.partner.tenantID, applicationID: DemoData.applicationID, objectID: DemoData.applicationID))"
                    ]
                ).status == .ok)
        }
    }
}

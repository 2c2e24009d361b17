import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// The Entra-style token endpoints (issue 4): every grant's happy path and each of its refusals, in Entra's shapes.
@Suite struct TokenEndpointTests {
    static let tenant = DemoData.partner.tenantID
    static let v1 = "/\(tenant)/oauth2/token"
    static let v2 = "/\(tenant)/oauth2/v2.0/token"
    static let resource = "https://api.partnercenter.microsoft.com"
    static let app = [("client_id", DemoData.applicationID), ("client_secret", DemoData.applicationSecret)]
    static let user = [("username", DemoData.userPrincipalName), ("password", DemoData.userPassword), ("client_id", DemoData.applicationID)]

    @Test(arguments: TestEngine.all) func clientCredentialsOnV1AndV2GiveAppOnlyTokens(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let v1 = try await server.token(Self.v1, [("grant_type", "client_credentials"), ("resource", Self.resource)] + Self.app)
            #expect(v1.status == .ok)
            #expect(v1.headers[.cacheControl]?.contains("no-store") == true)
            let body1 = try v1.json()
            #expect(body1["token_type"] as? String == "Bearer")
            #expect(body1["expires_in"] as? String == "3599", "v1 writes numbers as strings")
            #expect(body1["resource"] as? String == Self.resource)
            #expect(body1["refresh_token"] == nil)
            let v2 = try await server.token(Self.v2, [("grant_type", "client_credentials"), ("scope", "\(Self.resource)/.default")] + Self.app)
            let body2 = try v2.json()
            #expect(body2["expires_in"] as? Int == 3599)
            #expect(body2["scope"] as? String == "\(Self.resource)/.default")
            for body in [body1, body2] {
                let token = try #require(body["access_token"] as? String)
                let customers = try await server.call(.get, "/v1/customers", token: token)
                #expect(customers.status == .ok)
                let claims = try jwtClaims(token)
                #expect(claims["appid"] as? String == DemoData.applicationID)
                #expect(claims["idtyp"] as? String == "app")
                #expect(claims["upn"] == nil && claims["scp"] == nil)
            }
            // HTTP Basic client authentication, and the tenant as `organizations`.
            let basic = Data("\(DemoData.applicationID):\(DemoData.applicationSecret)".utf8).base64EncodedString()
            let viaBasic = try await server.call(
                .post, "/organizations/oauth2/v2.0/token", token: nil,
                body: form([("grant_type", "client_credentials"), ("scope", "\(Self.resource)/.default")]),
                headers: [.contentType: "application/x-www-form-urlencoded", .authorization: "Basic \(basic)"]
            )
            #expect(viaBasic.status == .ok, "\(viaBasic.text)")
        }
    }

    @Test(arguments: TestEngine.all) func clientCredentialsRefusals(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let grant = [("grant_type", "client_credentials"), ("resource", Self.resource)]
            let cases: [(path: String, form: [(String, String)], status: HTTPResponse.Status, error: String, code: Int)] = [
                (Self.v1, [("resource", Self.resource)] + Self.app, .badRequest, "invalid_request", 900144),
                (Self.v1, [("grant_type", "authorization_code")] + Self.app, .badRequest, "unsupported_grant_type", 70003),
                (Self.v1, grant + [("client_id", UUID().uuidString), ("client_secret", "x")], .badRequest, "unauthorized_client", 700016),
                (Self.v1, grant + [("client_id", DemoData.applicationID), ("client_secret", "wrong")], .unauthorized, "invalid_client", 7_000_215),
                (Self.v1, grant + [("client_id", DemoData.applicationID)], .unauthorized, "invalid_client", 7_000_218),
                (
                    Self.v1, [("grant_type", "client_credentials"), ("resource", "https://graph.windows.net")] + Self.app, .badRequest,
                    "invalid_resource", 500011
                ),
                (Self.v1, [("grant_type", "client_credentials")] + Self.app, .badRequest, "invalid_request", 900144),
                (
                    Self.v2, [("grant_type", "client_credentials"), ("scope", "\(Self.resource)/user_impersonation")] + Self.app, .badRequest,
                    "invalid_scope", 70011
                ),
                (
                    Self.v2, [("grant_type", "client_credentials"), ("scope", "https://graph.microsoft.com/.default")] + Self.app, .badRequest,
                    "invalid_resource", 500011
                ),
                ("/00000000-0000-4000-8000-000000000000/oauth2/token", grant + Self.app, .badRequest, "invalid_request", 90002),
                ("/contoso.onmicrosoft.com/oauth2/token", grant + Self.app, .badRequest, "invalid_request", 90002),
            ]
            for item in cases {
                let response = try await server.token(item.path, item.form)
                try response.expectOAuthError(item.status, item.error, code: item.code)
            }
            // A form over the size bound, and a Basic header that is not base64: refused, not read.
            let huge = form([("grant_type", "client_credentials"), ("padding", String(repeating: "a", count: 70_000))])
            try await server.call(.post, Self.v1, token: nil, body: huge, headers: [.contentType: "application/x-www-form-urlencoded"])
                .expectOAuthError(.badRequest, "invalid_request", code: 900144)
            try await server.call(
                .post, Self.v1, token: nil, body: form(grant),
                headers: [.contentType: "application/x-www-form-urlencoded", .authorization: "Basic %%%"]
            ).expectOAuthError(.badRequest, "invalid_request", code: 900144)
            // A JSON body is not a form: Entra finds no grant_type in it.
            let json = try await server.call(.post, Self.v1, token: nil, body: #"{"grant_type":"client_credentials"}"#)
            try json.expectOAuthError(.badRequest, "invalid_request", code: 900144)
            // An app of another partner, named under this partner's tenant, is unknown there.
            let directory = PartnerDirectory(store: server.server.store)
            let other = try await directory.createPartner(tenantID: nil, name: "Other", mpnID: nil)
            let foreign = try await directory.createApplication(partnerID: other.tenantID, displayName: nil)
            try await server.token(Self.v1, grant + [("client_id", foreign.0.clientID), ("client_secret", foreign.secret)])
                .expectOAuthError(.badRequest, "unauthorized_client", code: 700016)
        }
    }

    @Test(arguments: TestEngine.all) func passwordGrantGivesAppPlusUserTokensThatRefresh(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let signIn = try await server.token(
                Self.v2,
                [("grant_type", "password"), ("scope", "\(Self.resource)/user_impersonation openid offline_access"), ("client_info", "1")] + Self.user
            )
            #expect(signIn.status == .ok, "\(signIn.text)")
            let body = try signIn.json()
            #expect(body["scope"] as? String == "\(Self.resource)/user_impersonation")
            let access = try #require(body["access_token"] as? String)
            let refresh = try #require(body["refresh_token"] as? String)
            let idToken = try jwtClaims(try #require(body["id_token"] as? String))
            #expect(idToken["preferred_username"] as? String == DemoData.userPrincipalName)
            #expect(idToken["aud"] as? String == DemoData.applicationID)
            #expect(body["client_info"] is String)
            let claims = try jwtClaims(access)
            #expect(claims["upn"] as? String == DemoData.userPrincipalName)
            #expect(claims["scp"] as? String == "user_impersonation")
            #expect(claims["oid"] as? String == DemoData.userObjectID)

            // lastModifiedUser names the user for App+User, the app for App-only.
            let cart = #"{"lineItems":[{"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly"}]}"#
            let customer = "/v1/customers/\(DemoData.customerID)/carts"
            let byUser = try await server.call(.post, customer, token: access, body: cart).json()
            #expect(byUser["lastModifiedUser"] as? String == DemoData.userObjectID)
            let byApp = try await server.call(.post, customer, body: cart).json()
            #expect(byApp["lastModifiedUser"] as? String == DemoData.applicationID)

            let refreshed = try await server.token(
                Self.v2, [("grant_type", "refresh_token"), ("refresh_token", refresh), ("client_id", DemoData.applicationID)])
            let renewed = try refreshed.json()
            #expect(refreshed.status == .ok, "\(refreshed.text)")
            #expect(renewed["refresh_token"] as? String != refresh)
            let again = try await server.call(.get, "/v1/customers", token: try #require(renewed["access_token"] as? String))
            #expect(again.status == .ok)

            // v1 password grant, with the resource.
            let v1 = try await server.token(Self.v1, [("grant_type", "password"), ("resource", Self.resource)] + Self.user)
            #expect(try v1.json()["scope"] as? String == "user_impersonation")
            #expect(try v1.json()["refresh_token"] is String)
        }
    }

    @Test(arguments: TestEngine.all) func userGrantRefusals(_ engine: TestEngine) async throws {
        let clock = ManualClock(Date())
        try await TestServer.run(engine: engine, clock: clock) { server in
            let grant = [("grant_type", "password"), ("resource", Self.resource), ("client_id", DemoData.applicationID)]
            try await server.token(Self.v1, grant + [("username", DemoData.userPrincipalName), ("password", "wrong-password")])
                .expectOAuthError(.badRequest, "invalid_grant", code: 50126)
            try await server.token(Self.v1, grant + [("username", "nobody@example.com"), ("password", "whatever-password")])
                .expectOAuthError(.badRequest, "invalid_grant", code: 50126)
            try await server.token(Self.v1, grant + [("username", DemoData.userPrincipalName)])
                .expectOAuthError(.badRequest, "invalid_request", code: 900144)
            for bad in [[("refresh_token", "not-a-token"), ("client_id", DemoData.applicationID)], [("client_id", DemoData.applicationID)]] {
                let response = try await server.token(Self.v1, [("grant_type", "refresh_token"), ("resource", Self.resource)] + bad)
                #expect(response.status == .badRequest)
            }
            let signIn = try await server.token(Self.v1, [("grant_type", "password"), ("resource", Self.resource)] + Self.user).json()
            let refresh = try #require(signIn["refresh_token"] as? String)
            try await server.token(Self.v1, [("grant_type", "refresh_token"), ("refresh_token", refresh), ("client_id", UUID().uuidString)])
                .expectOAuthError(.badRequest, "invalid_grant", code: 70000)
            clock.advance(by: 91 * 86_400)
            try await server.token(Self.v1, [("grant_type", "refresh_token"), ("refresh_token", refresh), ("client_id", DemoData.applicationID)])
                .expectOAuthError(.badRequest, "invalid_grant", code: 700082)
        }
    }

    @Test(arguments: TestEngine.all) func theMPNProfileIsForAppPlusUserTokensOnly(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            // App-only: refused, as the docs allow this operation with App+User credentials only.
            try await server.call(.get, "/v1/profiles/mpn").expectFault(.forbidden, code: 2032)
            let signIn = try await server.token(Self.v1, [("grant_type", "password"), ("resource", Self.resource)] + Self.user)
            let token = try #require(try signIn.json()["access_token"] as? String)
            let own = try await server.call(.get, "/v1/profiles/mpn", token: token)
            #expect(own.status == .ok, "\(own.text)")
            let profile = try own.json()
            #expect(profile["mpnId"] as? String == DemoData.partner.mpnID)
            #expect(profile["profileType"] as? String == "MpnProfile")
            #expect((profile["attributes"] as? [String: Any])?["objectType"] as? String == "MpnProfile")
            #expect(((profile["links"] as? [String: Any])?["self"] as? [String: Any])?["uri"] as? String == "/profiles/mpn")
            let verified = try await server.call(.get, "/v1/profiles/mpn?mpnId=\(DemoData.partner.mpnID ?? "")", token: token)
            #expect(verified.status == .ok)
            let unknown = try await server.call(.get, "/v1/profiles/mpn?mpnId=9999999", token: token)
            let fault = try unknown.expectFault(.notFound, code: 3000)
            #expect(fault["description"] as? String == "Partner Organization with partner_id 9999999 could not be found")
        }
    }

    @Test(arguments: TestEngine.all) func tenWrongPasswordsLockTheNameForAMinute(_ engine: TestEngine) async throws {
        let clock = ManualClock(Date())
        try await TestServer.run(engine: engine, clock: clock) { server in
            let grant = [("grant_type", "password"), ("resource", Self.resource), ("client_id", DemoData.applicationID)]
            let right = grant + [("username", DemoData.userPrincipalName), ("password", DemoData.userPassword)]
            for _ in 0..<10 {
                try await server.token(Self.v1, grant + [("username", DemoData.userPrincipalName), ("password", "guess-guess")])
                    .expectOAuthError(.badRequest, "invalid_grant", code: 50126)
            }
            try await server.token(Self.v1, right).expectOAuthError(.badRequest, "invalid_grant", code: 50053)
            clock.advance(by: 61)
            let after = try await server.token(Self.v1, right)
            #expect(after.status == .ok, "\(after.text)")
        }
    }

    @Test(arguments: TestEngine.all) func aDisabledUserADeletedAppAndADisabledPartnerLoseTheirTokens(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let key = try #require(server.server.newAdminKey)
            let admin: HTTPFields = [.authorization: "Bearer \(key)"]
            let signIn = try await server.token(Self.v1, [("grant_type", "password"), ("resource", Self.resource)] + Self.user).json()
            let userToken = try #require(signIn["access_token"] as? String)
            let refresh = try #require(signIn["refresh_token"] as? String)
            let tenant = "/_admin/partners/\(Self.tenant)"
            let disableUser = try await server.call(
                .patch, "\(tenant)/users/\(DemoData.userObjectID)", token: nil, body: #"{"disabled":true}"#, headers: admin)
            #expect(disableUser.status == .ok, "\(disableUser.text)")
            #expect(try await server.call(.get, "/v1/customers", token: userToken).status == .unauthorized)
            try await server.token(Self.v1, [("grant_type", "password"), ("resource", Self.resource)] + Self.user)
                .expectOAuthError(.badRequest, "invalid_grant", code: 50057)
            try await server.token(Self.v1, [("grant_type", "refresh_token"), ("refresh_token", refresh), ("client_id", DemoData.applicationID)])
                .expectOAuthError(.badRequest, "invalid_grant", code: 9_002_313)

            let disablePartner = try await server.call(.patch, tenant, token: nil, body: #"{"disabled":true}"#, headers: admin)
            #expect(disablePartner.status == .ok)
            let refused = try await server.call(.get, "/v1/customers")
            try refused.expectFault(.unauthorized, code: 400)
            try await server.token(Self.v1, [("grant_type", "client_credentials"), ("resource", Self.resource)] + Self.app)
                .expectOAuthError(.badRequest, "invalid_request", code: 5_000_224)
            _ = try await server.call(.patch, tenant, token: nil, body: #"{"disabled":false}"#, headers: admin)
            #expect(try await server.call(.get, "/v1/customers").status == .ok)

            let deleted = try await server.call(.delete, "\(tenant)/applications/\(DemoData.applicationID)", token: nil, headers: admin)
            #expect(deleted.status == .noContent)
            try await server.call(.get, "/v1/customers").expectFault(.unauthorized, code: 400)
            try await server.token(Self.v1, [("grant_type", "client_credentials"), ("resource", Self.resource)] + Self.app)
                .expectOAuthError(.badRequest, "unauthorized_client", code: 700016)
        }
    }

    @Test(arguments: TestEngine.all) func aHelpdeskAgentReadsButCannotBuy(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            // The name in another case than it was made with: sign-in names are case-insensitive.
            let token = try await server.helpdeskToken(signingInAs: "HelpDesk@ContosoPartnerDemo.onmicrosoft.com")
            let read = try await server.call(.get, "/v1/customers/\(DemoData.customerID)/carts/\(DemoData.cartID)", token: token)
            #expect(read.status == .ok)
            try await server.call(.post, "/v1/customers/\(DemoData.customerID)/carts/\(DemoData.cartID)/checkout", token: token)
                .expectFault(.forbidden, code: 900150)
        }
    }
}

extension TestServer {
    /// Makes a HelpdeskAgent user of the demo partner (who may read, not buy) and answers its App+User token.
    func helpdeskToken(signingInAs name: String = "helpdesk@contosopartnerdemo.onmicrosoft.com") async throws -> String {
        _ = try await PartnerDirectory(store: server.store).createUser(
            partnerID: DemoData.partner.tenantID, userPrincipalName: "helpdesk@contosopartnerdemo.onmicrosoft.com", displayName: nil,
            password: "Helpdesk-Password-1", roles: ["helpdesk-agent"]
        )
        let signIn = try await token(
            TokenEndpointTests.v1,
            [
                ("grant_type", "password"), ("resource", TokenEndpointTests.resource), ("client_id", DemoData.applicationID), ("username", name),
                ("password", "Helpdesk-Password-1"),
            ]
        )
        return try #require(try signIn.json()["access_token"] as? String)
    }

    /// Posts a form to a token endpoint, without a bearer token.
    func token(_ path: String, _ fields: [(String, String)]) async throws -> TestResponse {
        try await call(.post, path, token: nil, body: form(fields), headers: [.contentType: "application/x-www-form-urlencoded"])
    }
}

/// `application/x-www-form-urlencoded`, every byte but letters and digits escaped.
func form(_ fields: [(String, String)]) -> String {
    fields.map { name, value in "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)" }.joined(separator: "&")
}

/// The payload of a JWT, unverified (the server's answers are what is under test).
func jwtClaims(_ token: String) throws -> [String: Any] {
    let parts = token.split(separator: ".")
    try #require(parts.count == 3)
    var base64 = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while base64.count % 4 != 0 { base64 += "=" }
    let data = try #require(Data(base64Encoded: base64))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

extension TestResponse {
    /// Asserts Entra's error body: `error`, an `error_description` starting with the AADSTS code, and `error_codes`.
    func expectOAuthError(
        _ status: HTTPResponse.Status, _ error: String, code: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(self.status == status, "\(text)", sourceLocation: sourceLocation)
        let body = try json(sourceLocation: sourceLocation)
        #expect(body["error"] as? String == error, "\(text)", sourceLocation: sourceLocation)
        #expect((body["error_description"] as? String)?.hasPrefix("AADSTS\(code): ") == true, "\(text)", sourceLocation: sourceLocation)
        #expect(body["error_codes"] as? [Int] == [code], sourceLocation: sourceLocation)
        #expect(body["trace_id"] is String && body["correlation_id"] is String, sourceLocation: sourceLocation)
    }
}

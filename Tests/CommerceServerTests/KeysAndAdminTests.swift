import CommerceCore
import CommerceServer
import CommerceStore
import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import JWTKit
import TestSupport
import Testing

/// Signing-key rotation, the JWKS and discovery documents, forged tokens, and the `/_admin` API (issue 4).
@Suite struct KeysAndAdminTests {
    @Test(arguments: TestEngine.all) func rotationKeepsOldTokensValidUntilTheyExpire(_ engine: TestEngine) async throws {
        let clock = ManualClock(Date())
        try await TestServer.run(engine: engine, clock: clock, configure: { $0.maintenanceInterval = 0.05 }) { server in
            let admin: HTTPFields = [.authorization: "Bearer \(try #require(server.server.newAdminKey))"]
            let old = server.token
            let oldKid = try #require(TokenServiceProbe.kid(of: old))
            let rotated = try await server.call(.post, "/_admin/signing-keys/rotate", token: nil, headers: admin)
            #expect(rotated.status == .created, "\(rotated.text)")
            let newKid = try #require(try rotated.json()["kid"] as? String)
            #expect(newKid != oldKid)
            // The old token still works; new tokens are signed with the new key; the JWKS lists both.
            #expect(try await server.call(.get, "/v1/customers", token: old).status == .ok)
            let fresh = try await server.server.tokens.mint(
                partnerTenantID: DemoData.partner.tenantID, applicationID: DemoData.applicationID, objectID: DemoData.applicationID
            )
            #expect(TokenServiceProbe.kid(of: fresh) == newKid)
            let jwks = try await server.call(.get, "/common/discovery/v2.0/keys", token: nil).json()
            let kids = Set((jwks["keys"] as? [[String: Any]] ?? []).compactMap { $0["kid"] as? String })
            #expect(kids == [oldKid, newKid])
            // An hour later the old token has expired on its own; after a day the old key is gone everywhere.
            clock.advance(by: 3601)
            try await server.call(.get, "/v1/customers", token: old).expectFault(.unauthorized, code: 400)
            clock.advance(by: TokenService.maxLifetime)
            try await eventually {
                let keys = try await server.call(.get, "/common/discovery/v2.0/keys", token: nil).json()["keys"] as? [[String: Any]]
                return keys?.count == 1
            }
            let later = try await server.server.tokens.mint(
                partnerTenantID: DemoData.partner.tenantID, applicationID: DemoData.applicationID, objectID: DemoData.applicationID
            )
            #expect(try await server.call(.get, "/v1/customers", token: later).status == .ok)
        }
    }

    @Test(arguments: TestEngine.all) func aKeyRotatedByAnotherNodeIsPickedUp(_ engine: TestEngine) async throws {
        let clock = ManualClock(Date())
        try await TestServer.run(engine: engine, clock: clock) { server in
            // Another node: its own TokenService over the same store.
            let other = try await TokenService.load(store: server.server.store, clock: clock)
            try await other.rotate()
            let token = try await other.mint(
                partnerTenantID: DemoData.partner.tenantID, applicationID: DemoData.applicationID, objectID: DemoData.applicationID
            )
            clock.advance(by: 6)  // past the reload interval
            #expect(try await server.call(.get, "/v1/customers", token: token).status == .ok)
        }
    }

    @Test(arguments: TestEngine.all) func forgedKidAndHMACConfusionAreRefused(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let claims = try jwtClaims(server.token)
            let payload = try JSONSerialization.data(withJSONObject: claims)
            // A key of our own, under a kid the server does not know.
            let forger = JWTKeyCollection()
            await forger.add(ecdsa: ES256PrivateKey(), kid: "forged")
            let forged = try await forger.sign(TokenEndpointProbeClaims(claims), kid: "forged")
            try await server.call(.get, "/v1/customers", token: forged).expectFault(.unauthorized, code: 400)
            // HS256 with the server's public key as the secret, under the real kid.
            let kid = try #require(TokenServiceProbe.kid(of: server.token))
            let jwk = try #require((try await server.call(.get, "/common/discovery/keys", token: nil).json()["keys"] as? [[String: Any]])?.first)
            let header = base64URL(try JSONSerialization.data(withJSONObject: ["alg": "HS256", "typ": "JWT", "kid": kid]))
            let body = base64URL(payload)
            let secret = SymmetricKey(data: try JSONSerialization.data(withJSONObject: jwk, options: .sortedKeys))
            let mac = HMAC<SHA256>.authenticationCode(for: Data("\(header).\(body)".utf8), using: secret)
            let confused = "\(header).\(body).\(base64URL(Data(mac)))"
            try await server.call(.get, "/v1/customers", token: confused).expectFault(.unauthorized, code: 400)
        }
    }

    @Test(arguments: TestEngine.all) func discoveryPointsAtThisServer(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let tenant = DemoData.partner.tenantID
            let config = try await server.call(.get, "/\(tenant)/v2.0/.well-known/openid-configuration", token: nil).json()
            #expect(config["issuer"] as? String == "https://login.microsoftonline.com/\(tenant)/v2.0")
            #expect((config["token_endpoint"] as? String)?.hasSuffix("/\(tenant)/oauth2/v2.0/token") == true)
            #expect((config["jwks_uri"] as? String)?.hasSuffix("/\(tenant)/discovery/v2.0/keys") == true)
            let v1 = try await server.call(.get, "/\(tenant)/.well-known/openid-configuration", token: nil).json()
            #expect(v1["issuer"] as? String == "https://sts.windows.net/\(tenant)/")
            #expect((v1["token_endpoint"] as? String)?.hasSuffix("/\(tenant)/oauth2/token") == true)
            #expect((v1["jwks_uri"] as? String)?.hasSuffix("/\(tenant)/discovery/keys") == true)
            // A standard verifier that knows only the JWKS document accepts the server's tokens.
            let jwks = try await server.call(.get, "/\(tenant)/discovery/v2.0/keys", token: nil).text
            let verifier = try await JWTKeyCollection().add(jwksJSON: jwks)
            let verified = try await verifier.verify(server.token, as: TokenEndpointProbeClaims.self)
            #expect(verified.tid == tenant)
            let unknown = try await server.call(.get, "/00000000-0000-4000-8000-000000000000/v2.0/.well-known/openid-configuration", token: nil)
            try unknown.expectOAuthError(.badRequest, "invalid_request", code: 90002)
        }
    }

    @Test(arguments: TestEngine.all) func theAdminAPIRefusesBadInputAndWritesNothing(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let admin: HTTPFields = [.authorization: "Bearer \(try #require(server.server.newAdminKey))"]
            let tenant = "/_admin/partners/\(DemoData.partner.tenantID)"
            let faults: [(HTTPRequest.Method, String, String, HTTPResponse.Status, Int)] = [
                (.post, "/_admin/partners", #"{"name":"   "}"#, .badRequest, 3000),
                (.post, "/_admin/partners", #"{"tenantId":"not-a-guid","name":"X"}"#, .badRequest, 3000),
                (.post, "/_admin/partners", #"{"name":5}"#, .badRequest, 3000),
                (.post, "/_admin/partners", "[]", .badRequest, 800002),
                (.patch, tenant, #"{"disabled":"maybe"}"#, .badRequest, 3000),
                (.post, "\(tenant)/users", #"{"userPrincipalName":"no-at-sign"}"#, .badRequest, 3000),
                (.post, "\(tenant)/users", #"{"userPrincipalName":"a b@x.example"}"#, .badRequest, 3000),
                (.post, "\(tenant)/users", #"{"userPrincipalName":"short@x.example","password":"1234567"}"#, .badRequest, 3000),
                (.patch, "\(tenant)/users/\(UUID().uuidString)", #"{"disabled":true}"#, .notFound, 1000),
                (.delete, "\(tenant)/applications/\(UUID().uuidString)", "", .notFound, 1000),
            ]
            for (method, path, body, status, code) in faults {
                try await server.call(method, path, token: nil, body: body.isEmpty ? nil : body, headers: admin).expectFault(status, code: code)
            }
            let missing = try await server.call(.post, "\(tenant)/users", token: nil, body: "{}", headers: admin)
            #expect(missing.status == .badRequest, "\(missing.text)")
            // Nothing was written: one partner, one user, as the demo data made them.
            let partners = try await server.call(.get, "/_admin/partners", token: nil, headers: admin).json()
            #expect(partners["totalCount"] as? Int == 1)
            let users = try await server.call(.get, "\(tenant)/users", token: nil, headers: admin).json()
            #expect(users["totalCount"] as? Int == 1)
        }
    }

    @Test(arguments: TestEngine.all) func theAdminAPIManagesPartnersAppsAndUsers(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let key = try #require(server.server.newAdminKey)
            let admin: HTTPFields = [.authorization: "Bearer \(key)"]
            // No key, a wrong key, or a partner token: 401 ApiFault.
            for headers: HTTPFields in [[:], [.authorization: "Bearer pcadmin_wrong"], [.authorization: "Bearer \(server.token)"]] {
                try await server.call(.get, "/_admin/partners", token: nil, headers: headers).expectFault(.unauthorized, code: 400)
            }
            let created = try await server.call(.post, "/_admin/partners", token: nil, body: #"{"name":"Fabrikam","mpnId":"777"}"#, headers: admin)
            #expect(created.status == .created, "\(created.text)")
            let tenant = try #require(try created.json()["tenantId"] as? String)
            try await server.call(.post, "/_admin/partners", token: nil, body: "{\"tenantId\":\"\(tenant)\",\"name\":\"Again\"}", headers: admin)
                .expectFault(.conflict, code: 3000)
            try await server.call(.post, "/_admin/partners", token: nil, body: #"{"name":"#, headers: admin).expectFault(.badRequest, code: 800002)
            try await server.call(.post, "/_admin/partners/\(UUID().uuidString)/applications", token: nil, body: "{}", headers: admin)
                .expectFault(.notFound, code: 1000)
            let app = try await server.call(
                .post, "/_admin/partners/\(tenant)/applications", token: nil, body: #"{"displayName":"Billing"}"#, headers: admin
            ).json()
            let clientID = try #require(app["clientId"] as? String)
            let secret = try #require(app["clientSecret"] as? String)
            let listed = try await server.call(.get, "/_admin/partners/\(tenant)/applications", token: nil, headers: admin)
            #expect(!listed.text.contains(secret), "a secret is shown only once")
            let user = try await server.call(
                .post, "/_admin/partners/\(tenant)/users", token: nil,
                body: #"{"userPrincipalName":"Sales@Fabrikam.example","roles":["SalesAgent"]}"#,
                headers: admin
            ).json()
            #expect(user["userPrincipalName"] as? String == "sales@fabrikam.example")
            let password = try #require(user["password"] as? String)
            try await server.call(
                .post, "/_admin/partners/\(tenant)/users", token: nil, body: #"{"userPrincipalName":"sales@fabrikam.example"}"#, headers: admin
            ).expectFault(.conflict, code: 3000)
            try await server.call(
                .post, "/_admin/partners/\(tenant)/users", token: nil, body: #"{"userPrincipalName":"x@fabrikam.example","roles":["Janitor"]}"#,
                headers: admin
            ).expectFault(.badRequest, code: 3000)

            // The new partner's app and user get tokens, and see none of the demo partner's customers.
            let appToken = try await server.token(
                "/\(tenant)/oauth2/token",
                [("grant_type", "client_credentials"), ("resource", TokenEndpointTests.resource), ("client_id", clientID), ("client_secret", secret)]
            ).json()
            let customers = try await server.call(.get, "/v1/customers", token: try #require(appToken["access_token"] as? String)).json()
            #expect(customers["totalCount"] as? Int == 0)
            let userToken = try await server.token(
                "/common/oauth2/token",
                [
                    ("grant_type", "password"), ("resource", TokenEndpointTests.resource), ("client_id", clientID),
                    ("username", "sales@fabrikam.example"),
                    ("password", password),
                ]
            )
            #expect(userToken.status == .ok, "\(userToken.text)")
            // The demo user cannot sign in through the new partner's app.
            try await server.token(
                "/common/oauth2/token",
                [
                    ("grant_type", "password"), ("resource", TokenEndpointTests.resource), ("client_id", clientID),
                    ("username", DemoData.userPrincipalName), ("password", DemoData.userPassword),
                ]
            ).expectOAuthError(.badRequest, "unauthorized_client", code: 700016)
        }
    }
}

/// Reads a token's header without verifying it.
enum TokenServiceProbe {
    static func kid(of token: String) -> String? {
        guard let header = token.split(separator: ".").first else { return nil }
        var base64 = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return object["kid"] as? String
    }
}

/// Re-signs a valid token's claims unchanged, so only the key makes the token wrong.
struct TokenEndpointProbeClaims: JWTPayload {
    var aud: String
    var iss: String
    var exp: Double
    var tid: String
    var oid: String
    var appid: String

    init(_ claims: [String: Any]) {
        aud = claims["aud"] as? String ?? ""
        iss = claims["iss"] as? String ?? ""
        exp = claims["exp"] as? Double ?? 0
        tid = claims["tid"] as? String ?? ""
        oid = claims["oid"] as? String ?? ""
        appid = claims["appid"] as? String ?? ""
    }

    func verify(using algorithm: some JWTAlgorithm) throws {}
}

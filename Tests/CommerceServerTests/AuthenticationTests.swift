import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import JWTKit
import TestSupport
import Testing

/// Every /v1 route needs a valid bearer token (spec §9); every bad token is a 401 ApiFault with a challenge.
@Suite struct AuthenticationTests {
    /// Claims as a test wants them, signed by whatever key the test picks.
    struct Claims: JWTPayload {
        var aud: AudienceClaim
        var iss: IssuerClaim
        var exp: ExpirationClaim
        var tid: String
        var oid: String?
        var appid: String?
        func verify(using algorithm: some JWTAlgorithm) throws {}

        static func valid(tenant: String = DemoData.partner.tenantID) -> Claims {
            Claims(
                aud: AudienceClaim(value: TokenService.audience), iss: IssuerClaim(value: "https://sts.windows.net/\(tenant)/"),
                exp: ExpirationClaim(value: Date().addingTimeInterval(600)), tid: tenant, oid: UUID().uuidString.lowercased(),
                appid: DemoData.applicationID
            )
        }
    }

    /// Signs `claims` with the server's own key, so only the claims can make the token wrong.
    func sign(_ claims: Claims, with server: TestServer) async throws -> String {
        let record = try #require(try await server.server.store.signingKeys().last)
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: try ES256PrivateKey(pem: record.privatePEM), kid: JWKIdentifier(string: record.kid))
        return try await keys.sign(claims, kid: JWKIdentifier(string: record.kid))
    }

    /// 401 with code 400: Partner Center's error table lists code 400 ("access denied") under 401 for a token it
    /// refuses, and 800001 ("partner token missing") for a request without one.
    func expectRejected(_ response: TestResponse, code: Int = 400, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try response.expectFault(.unauthorized, code: code, sourceLocation: sourceLocation)
        #expect(response.headers[.wwwAuthenticate]?.hasPrefix("OAuth realm=urn:cpsvc:cpid:") == true, sourceLocation: sourceLocation)
    }

    @Test(arguments: TestEngine.all) func aValidTokenIsAccepted(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let response1 = try await server.call(.get, "/v1/customers")
            #expect(response1.status == .ok)
            let response2 = try await server.call(.get, "/v1/customers", token: try await sign(.valid(), with: server))
            #expect(response2.status == .ok)
            let response3 = try await server.call(.get, "/v1/customers", headers: [.authorization: "bearer \(server.token)"])
            #expect(response3.status == .ok)
        }
    }

    @Test(arguments: TestEngine.all) func missingOrNonBearerAuthorization(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            try expectRejected(try await server.call(.get, "/v1/customers", token: nil), code: 800001)
            try expectRejected(try await server.call(.get, "/v1/customers", headers: [.authorization: "Basic dXNlcjpwYXNz"]))
            try expectRejected(try await server.call(.get, "/v1/customers", token: "not.a.jwt"))
            try expectRejected(try await server.call(.get, "/v1/customers", token: "garbage"))
        }
    }

    @Test(arguments: TestEngine.all) func tamperedTokens(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let parts = server.token.split(separator: ".").map(String.init)
            try expectRejected(try await server.call(.get, "/v1/customers", token: String(server.token.dropLast(4)) + "AAAA"))
            // Another partner's tenant pasted into a genuine header and signature.
            var claims = Claims.valid(tenant: "bbbbbbbb-0000-0000-0000-000000000002")
            claims.oid = "x"
            let payload = base64URL(try JSONEncoder().encode(claims))
            try expectRejected(try await server.call(.get, "/v1/customers", token: "\(parts[0]).\(payload).\(parts[2])"))
        }
    }

    @Test(arguments: TestEngine.all) func algNoneAndAlgorithmConfusionAreRefused(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let parts = server.token.split(separator: ".").map(String.init)
            let none = base64URL(Data(#"{"alg":"none","typ":"JWT"}"#.utf8))
            try expectRejected(try await server.call(.get, "/v1/customers", token: "\(none).\(parts[1])."))
            try expectRejected(try await server.call(.get, "/v1/customers", token: "\(none).\(parts[1]).\(parts[2])"))
            // HS256 keyed with the public key: the classic confusion attack.
            let record = try #require(try await server.server.store.signingKeys().last)
            let publicPEM = try ES256PrivateKey(pem: record.privatePEM).publicKey.pemRepresentation
            let hmac = JWTKeyCollection()
            await hmac.add(hmac: HMACKey(from: publicPEM), digestAlgorithm: .sha256, kid: JWKIdentifier(string: record.kid))
            let forged = try await hmac.sign(Claims.valid(), kid: JWKIdentifier(string: record.kid))
            try expectRejected(try await server.call(.get, "/v1/customers", token: forged))
        }
    }

    @Test(arguments: TestEngine.all) func aTokenFromAnotherServerIsRefused(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { other in
            let foreign = other.token
            try await TestServer.run(engine: engine) { server in
                try expectRejected(try await server.call(.get, "/v1/customers", token: foreign))
            }
        }
    }

    @Test(arguments: TestEngine.all) func expiredTokenIsRefusedByTheServersClock(_ engine: TestEngine) async throws {
        let clock = ManualClock(Date())
        try await TestServer.run(engine: engine, clock: clock) { server in
            let token = try await server.server.tokens.mint(
                partnerTenantID: DemoData.partner.tenantID, applicationID: DemoData.applicationID, objectID: DemoData.applicationID, lifetime: 60
            )
            let response4 = try await server.call(.get, "/v1/customers", token: token)
            #expect(response4.status == .ok)
            clock.advance(by: 61)
            let response = try await server.call(.get, "/v1/customers", token: token)
            try expectRejected(response)
            #expect(try response.json()["description"] as? String == "The access token has expired.")
        }
    }

    @Test(arguments: TestEngine.all) func wrongClaimsAreRefused(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            var wrongAudience = Claims.valid()
            wrongAudience.aud = AudienceClaim(value: "https://graph.windows.net")
            var wrongIssuer = Claims.valid()
            wrongIssuer.iss = IssuerClaim(value: "https://sts.windows.net/bbbbbbbb-0000-0000-0000-000000000002/")
            let unknownTenant = Claims.valid(tenant: "bbbbbbbb-0000-0000-0000-000000000002")
            var nobody = Claims.valid()
            nobody.oid = nil
            for claims in [wrongAudience, wrongIssuer, unknownTenant, nobody] {
                try expectRejected(try await server.call(.get, "/v1/customers", token: try await sign(claims, with: server)))
            }
        }
    }
}

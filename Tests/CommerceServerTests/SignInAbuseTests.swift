import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// Password spraying and what a sign-in tells (issue 26, points 3 and 12).
@Suite struct SignInAbuseTests {
    static let v1 = TokenEndpointTests.v1
    static let resource = TokenEndpointTests.resource

    static func passwordGrant(_ username: String, _ password: String) -> [(String, String)] {
        [("grant_type", "password"), ("resource", resource), ("client_id", DemoData.applicationID), ("username", username), ("password", password)]
    }

    /// A token request from `source` over a raw socket (the test client always comes from 127.0.0.1).
    static func rawToken(port: Int, from source: String, _ fields: [(String, String)]) async throws -> RawResponse {
        let body = form(fields)
        let socket = try RawSocket(port: port, from: source)
        await socket.send(
            "POST \(v1) HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n"
                + "Connection: close\r\n\r\n\(body)")
        return try RawResponse(await socket.readToEnd())
    }

    @Test(arguments: TestEngine.all) func anAddressOutOfFailedSignInsIsRefusedBeforeAnyPasswordIsChecked(_ engine: TestEngine) async throws {
        // A clock that stands still: the budget does not refill however slowly the machine hashes.
        let clock = ManualClock(Date())
        try await TestServer.run(engine: engine, clock: clock, configure: { $0.throttling = ThrottlePolicy(failedSignInsPerMinute: 3) }) { server in
            for attempt in 0..<3 {
                try await server.token(Self.v1, Self.passwordGrant("nobody\(attempt)@contosopartnerdemo.onmicrosoft.com", "Winter2026!"))
                    .expectOAuthError(.badRequest, "invalid_grant", code: 50126)
            }
            // The right password now gets the throttling answer too: it was refused before it was looked at.
            let refused = try await server.token(Self.v1, Self.passwordGrant(DemoData.userPrincipalName, DemoData.userPassword))
            #expect(refused.status == .tooManyRequests, "\(refused.text)")
            #expect(Int(refused.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(try refused.json()["error"] as? String == "temporarily_unavailable")
            // A wrong client secret draws from the same budget.
            let secret = [
                ("grant_type", "client_credentials"), ("resource", Self.resource), ("client_id", DemoData.applicationID), ("client_secret", "x"),
            ]
            #expect(try await server.token(Self.v1, secret).status == .tooManyRequests)
            // Another address still signs in.
            let port = try #require(server.client.port)
            let other = try await Self.rawToken(port: port, from: "127.0.0.2", Self.passwordGrant(DemoData.userPrincipalName, DemoData.userPassword))
            #expect(other.status == 200, "\(other.body)")
            // A minute on, the budget has refilled.
            clock.advance(by: 61)
            #expect(try await server.token(Self.v1, Self.passwordGrant(DemoData.userPrincipalName, DemoData.userPassword)).status == .ok)
        }
    }

    @Test func successfulSignInsDoNotDrawFromTheFailureBudget() async throws {
        try await TestServer.run(configure: { $0.throttling = ThrottlePolicy(failedSignInsPerMinute: 1) }) { server in
            for _ in 0..<3 {
                let signedIn = try await server.token(Self.v1, Self.passwordGrant(DemoData.userPrincipalName, DemoData.userPassword))
                #expect(signedIn.status == .ok, "\(signedIn.text)")
            }
        }
    }

    @Test(arguments: TestEngine.all) func aDisabledUserGetsTheSameAnswerForARightAndAWrongPassword(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let key = try #require(server.server.newAdminKey)
            let disabled = try await server.call(
                .patch, "/_admin/partners/\(DemoData.partner.tenantID)/users/\(DemoData.userObjectID)", token: nil, body: #"{"disabled":true}"#,
                headers: [.authorization: "Bearer \(key)"])
            #expect(disabled.status == .ok, "\(disabled.text)")
            var answers: [String] = []
            for password in [DemoData.userPassword, "wrong-password", DemoData.userPassword] {
                let answer = try await server.token(Self.v1, Self.passwordGrant(DemoData.userPrincipalName, password))
                try answer.expectOAuthError(.badRequest, "invalid_grant", code: 50057)
                answers.append("\(answer.status.code) \(try answer.json()["error_codes"] ?? "")")
            }
            #expect(Set(answers).count == 1, "\(answers)")
        }
    }
}

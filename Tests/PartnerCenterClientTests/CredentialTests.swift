import CommerceServer
import CommerceStore
import Foundation
import PartnerCenterModels
import Synchronization
import TestSupport
import Testing

@testable import PartnerCenterClient

/// App-only and App+User credentials against the server's token endpoint, cached and renewed one at a time.
@Suite struct CredentialTests {
    /// The demo partner's app, signing in at `authority`.
    static func demoApp(authority: String) -> ClientCredentials {
        ClientCredentials(
            authority: authority, tenantID: DemoData.partner.tenantID, clientID: DemoData.applicationID, clientSecret: DemoData.applicationSecret)
    }

    @Test func clientCredentialsGetAndCacheATokenFromTheServer() async throws {
        try await TestServer.serving { server in
            let tap = try await WireTap.start(upstream: server.base)
            let credentials = Self.demoApp(authority: tap.base)
            let partner = PartnerCenterClient(environment: .server(server.base), credentials: credentials)
            #expect(try await partner.customers.byID(DemoData.customerID).get().id == DemoData.customerID)
            // Twenty callers at once share the cached token: one token request in all.
            try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<20 { group.addTask { try await credentials.token() } }
                for try await token in group { #expect(!token.isEmpty) }
            }
            #expect(tap.seen.filter { $0.path.contains("/oauth2/") }.count == 1)

            let wrong = ClientCredentials(
                authority: server.base, tenantID: DemoData.partner.tenantID, clientID: DemoData.applicationID, clientSecret: "nope")
            await #expect {
                try await wrong.token()
            } throws: { error in
                let refusal = error as? TokenRequestError
                return refusal?.status == 401 && refusal?.error == "invalid_client" && refusal?.codes == [7_000_215]
            }
            await tap.stop()
        }
    }

    @Test func concurrentCallersShareOneRenewal() async throws {
        try await TestServer.serving { server in
            let tap = try await WireTap.start(upstream: server.base)
            let credentials = Self.demoApp(authority: tap.base)
            // No token yet: twenty concurrent first calls must still send a single token request.
            let partner = PartnerCenterClient(environment: .server(server.base), credentials: credentials)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 { group.addTask { _ = try await partner.customers.byID(DemoData.customerID).get() } }
                try await group.waitForAll()
            }
            #expect(tap.seen.filter { $0.path.contains("/oauth2/") }.count == 1)
            await tap.stop()
        }
    }

    @Test func appPlusUserFromAPasswordAndThenFromItsRefreshToken() async throws {
        try await TestServer.serving { server in
            let password = PasswordCredentials(
                authority: server.base, tenantID: DemoData.partner.tenantID, clientID: DemoData.applicationID,
                userName: DemoData.userPrincipalName, password: DemoData.userPassword
            )
            let asUser = PartnerCenterClient(environment: .server(server.base), credentials: password)
            #expect(try await asUser.customers.byID(DemoData.customerID).get().id == DemoData.customerID)
            let refreshToken = password.currentRefreshToken()
            #expect(!refreshToken.isEmpty)

            // The Secure Application Model: a stored refresh token is all a later process needs.
            let refreshing = RefreshTokenCredentials(
                authority: server.base, tenantID: DemoData.partner.tenantID, clientID: DemoData.applicationID, refreshToken: refreshToken
            )
            let later = PartnerCenterClient(environment: .server(server.base), credentials: refreshing)
            #expect(try await later.customers.byID(DemoData.customerID).get().id == DemoData.customerID)
            #expect(!refreshing.currentRefreshToken().isEmpty)

            let bad = RefreshTokenCredentials(
                authority: server.base, tenantID: DemoData.partner.tenantID, clientID: DemoData.applicationID, refreshToken: "nope")
            do {
                _ = try await bad.token()
                Issue.record("an unknown refresh token must be refused")
            } catch let error as TokenRequestError {
                #expect(error.error == "invalid_grant")
            }
        }
    }

    @Test func aTokenIsRenewedOnceItIsDueAndKeptUntilThen() async throws {
        let cache = TokenCache()
        let issued = Counter()
        // Each renewal hands out a token already due, so every call renews; then one good for an hour.
        let stale = { @Sendable in CachedToken(value: "t\(issued.next())", renewAt: Date().addingTimeInterval(-1)) }
        #expect(try await cache.token(renew: stale) == "t1")
        #expect(try await cache.token(renew: stale) == "t2")
        let fresh = { @Sendable in CachedToken(value: "t\(issued.next())", renewAt: Date().addingTimeInterval(3600)) }
        #expect(try await cache.token(renew: fresh) == "t3")
        #expect(try await cache.token(renew: fresh) == "t3")
        await cache.invalidate()
        #expect(try await cache.token(renew: fresh) == "t4")
    }

    @Test func environmentsNameTheirRootsAndAuthorities() {
        #expect(PartnerCenterEnvironment.global.apiRoot == "https://api.partnercenter.microsoft.com")
        #expect(PartnerCenterEnvironment.global.authority == "https://login.microsoftonline.com")
        #expect(PartnerCenterEnvironment.chinaOperatedBy21Vianet.apiRoot == "https://partner.partnercenterapi.microsoftonline.cn")
        #expect(PartnerCenterEnvironment.chinaOperatedBy21Vianet.authority == "https://login.chinacloudapi.cn")
        #expect(PartnerCenterEnvironment.usGovernment.authority == "https://login.microsoftonline.us")
        #expect(PartnerCenterEnvironment.germany.authority == "https://login.microsoftonline.de")
        #expect(PartnerCenterEnvironment.server("http://127.0.0.1:8080/").apiRoot == "http://127.0.0.1:8080")
        let client = PartnerCenterClient(baseURL: "http://127.0.0.1:8080/") { "t" }
        #expect(client.url("/customers") == "http://127.0.0.1:8080/v1/customers")
        #expect(client.url("/v1/customers?size=1") == "http://127.0.0.1:8080/v1/customers?size=1")
        #expect(client.url("https://elsewhere.example/v1/x") == "https://elsewhere.example/v1/x")
    }
}

/// Counts, across tasks.
final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int {
        value.withLock {
            $0 += 1
            return $0
        }
    }
}

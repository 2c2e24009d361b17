import AsyncHTTPClient
import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import NIOSSL
import TestSupport
import Testing

/// HTTPS for clients that refuse an `http://` authority: a local CA made once, a certificate for localhost and
/// 127.0.0.1, and a client that trusts only that CA completing a token request and a checkout.
@Suite struct TLSTests {
    /// An HTTPS client that trusts `authority` and nothing else (no system roots).
    static func client(trusting authority: String?) throws -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = try authority.map { .certificates(try NIOSSLCertificate.fromPEMFile($0)) } ?? .certificates([])
        tls.certificateVerification = .fullVerification
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(30))
        // A refused handshake is an answer, not a reason to dial again until the deadline.
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    static func send(
        _ http: HTTPClient, _ method: HTTPMethod, _ url: String, body: String? = nil, headers: [(String, String)] = []
    ) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await http.execute(request, timeout: .seconds(30))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    @Test func aClientTrustingOnlyTheLocalCACompletesATokenRequestAndACheckoutOverHTTPS() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let files = try LocalCertificateAuthority.ensure(in: folder + "/tls")
        // A second start keeps the CA clients already trust.
        #expect(try LocalCertificateAuthority.ensure(in: folder + "/tls") == files)
        let authorityBefore = try String(contentsOfFile: files.authority, encoding: .utf8)
        #expect(authorityBefore == (try String(contentsOfFile: files.authority, encoding: .utf8)))
        let permissions = try FileManager.default.attributesOfItem(atPath: files.privateKey)[.posixPermissions] as? Int
        #expect(permissions == 0o600, "the key is readable by its owner only")

        try await TestServer.run(configure: {
            $0.tls = ServerConfiguration.TLSFiles(certificateChain: files.certificateChain, privateKey: files.privateKey)
        }) { server in
            let port = try #require(server.client.port)
            let http = try Self.client(trusting: files.authority)
            let untrusting = try Self.client(trusting: nil)
            for host in ["localhost", "127.0.0.1"] {
                let base = "https://\(host):\(port)"
                let form = [
                    "grant_type=client_credentials", "client_id=\(DemoData.applicationID)", "client_secret=\(DemoData.applicationSecret)",
                    "scope=https%3A%2F%2Fapi.partnercenter.microsoft.com%2F.default",
                ].joined(separator: "&")
                let token = try await Self.send(
                    http, .POST, "\(base)/\(DemoData.partner.tenantID)/oauth2/v2.0/token", body: form,
                    headers: [("Content-Type", "application/x-www-form-urlencoded")]
                )
                #expect(token.status == 200, "\(token.body)")
                let accessToken = try #require(
                    (try JSONSerialization.jsonObject(with: Data(token.body.utf8)) as? [String: Any])?["access_token"] as? String
                )
                let checkout = try await Self.send(
                    http, .POST, "\(base)/v1/customers/\(DemoData.customerID)/carts/\(DemoData.cartID)/checkout",
                    headers: [("Authorization", "Bearer \(accessToken)")]
                )
                #expect(checkout.status == 201, "\(checkout.body)")
                // Discovery names the scheme the client used.
                let discovery = try await Self.send(http, .GET, "\(base)/\(DemoData.partner.tenantID)/v2.0/.well-known/openid-configuration")
                #expect(discovery.body.contains(#""token_endpoint":"https://\#(host):\#(port)/"#), "\(discovery.body)")
            }
            // A client that does not trust the CA cannot talk to it.
            await #expect(throws: (any Error).self) { try await Self.send(untrusting, .GET, "https://localhost:\(port)/_admin/health") }
            try await http.shutdown()
            try await untrusting.shutdown()
        }
    }
}

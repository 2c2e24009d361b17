import CommerceCore
import CommerceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Synchronization
import TestSupport
import Testing

/// Webhook destinations as an attacker uses them (issue 26, points 4, 5 and 7): names that resolve into the
/// operator's network, the server's own loopback, and what `lastError` tells.
@Suite struct WebhookDestinationAttackTests {
    /// Names resolve as a hosts file (or a hostile DNS server) says.
    struct FixedResolver: WebhookNameResolver {
        let table: [String: [String]]
        func addresses(of host: String) async throws -> [String] { table[host.lowercased()] ?? [] }
    }

    static func register(_ server: TestServer, _ url: String) async throws -> TestResponse {
        let body = try JSONSerialization.data(withJSONObject: ["WebhookUrl": url, "WebhookEvents": WebhookTests.allEvents])
        return try await server.call(.post, "/webhooks/v1/registration", body: String(decoding: body, as: UTF8.self))
    }

    /// Sends a validation event and waits for its first attempt; answers the delivery log's `lastError`.
    static func firstError(_ server: TestServer) async throws -> String? {
        #expect(try await server.call(.post, "/webhooks/v1/registration/validationEvents").status == .ok)
        var lastError: String?
        try await eventually(within: 20) {
            let log = try await server.call(.get, "/webhooks/v1/registration/deliveries").json()["items"] as? [[String: Any]] ?? []
            lastError = log.first?["lastError"] as? String
            return lastError != nil
        }
        return lastError
    }

    static let refused = "not delivered: refused by this server's destination policy"
    static let noAnswer = "not delivered: no answer from the receiver"

    @Test func aNameIsCheckedByTheAddressItResolvesToAtDelivery() async throws {
        let resolver = FixedResolver(table: ["metadata.localhost": ["169.254.169.254"], "db.localhost": ["10.0.0.5"]])
        try await TestServer.run(configure: {
            WebhookTests.configure(&$0)
            $0.webhookResolver = resolver
        }) { server in
            for name in ["metadata.localhost", "db.localhost"] {
                #expect(try await Self.register(server, "http://\(name):8080/hook").status == .ok)
                #expect(try await Self.firstError(server) == Self.refused, "\(name)")
                _ = try await server.call(.delete, "/webhooks/v1/registration")
            }
        }
    }

    @Test func aDeliveryGoesToTheAddressThatWasChecked() async throws {
        // `receiver.test` exists only in this resolver: were the name looked up again at connect time, nothing
        // would answer. And `public` lets names through, to public addresses only.
        let receiver = WebhookReceiver()
        try await receiver.serve { port in
            let resolver = FixedResolver(table: ["receiver.test": ["127.0.0.1"], "sneaky.example": ["10.1.2.3", "192.168.0.1"]])
            try await TestServer.run(configure: {
                WebhookTests.configure(&$0)
                $0.webhookResolver = resolver
                $0.webhookDestinations = WebhookDestinations(allowed: ["public"])
            }) { server in
                #expect(try await Self.register(server, "http://receiver.test:\(port)/hook").status == .ok)
                #expect(try await server.call(.post, "/webhooks/v1/registration/validationEvents").status == .ok)
                try await eventually(within: 20) { receiver.deliveries.count == 1 }
                _ = try await server.call(.delete, "/webhooks/v1/registration")
                #expect(try await Self.register(server, "http://sneaky.example:\(port)/hook").status == .ok)
                #expect(try await Self.firstError(server) == Self.refused)
            }
        }
    }

    @Test func loopbackIsRefusedWhenTheServerListensBeyondIt() async throws {
        try await TestServer.run(configure: {
            WebhookTests.configure(&$0)
            $0.host = "0.0.0.0"
            $0.allowDemoCredentials = true
        }) { server in
            for url in ["http://127.0.0.1:\(server.client.port ?? 0)/", "http://localhost:22/", "http://[::1]:5432/"] {
                try await Self.register(server, url).expectFault(.badRequest, code: 3000)
            }
        }
    }

    @Test func lastErrorDoesNotTellAClosedPortFromAnOpenOne() async throws {
        // A port with something that is not HTTP on it, one with nothing, and this server's own.
        let silent = try RawListener()
        let closed = try RawListener(listening: false)
        let closedPort = closed.port
        try await TestServer.run(configure: WebhookTests.configure) { server in
            var errors: [String] = []
            for port in [closedPort, silent.port] {
                #expect(try await Self.register(server, "http://127.0.0.1:\(port)/hook").status == .ok)
                errors.append(try #require(try await Self.firstError(server)))
                _ = try await server.call(.delete, "/webhooks/v1/registration")
            }
            #expect(errors == [Self.noAnswer, Self.noAnswer], "\(errors)")
        }
        closed.close()
        // Validation events are two a minute: the server's own port on a server of its own.
        try await TestServer.run(configure: WebhookTests.configure) { server in
            #expect(try await Self.register(server, "http://127.0.0.1:\(server.client.port ?? 0)/hook").status == .ok)
            let own = try #require(try await Self.firstError(server))
            #expect(own.hasPrefix("not delivered: the receiver answered HTTP "), "\(own)")
        }
    }
}

/// A TCP listener on loopback that accepts and closes at once without a byte: an open port that is not HTTP.
/// Not listening, it holds a closed port: connections to it are refused, and while it is bound nothing else that
/// asks for a free port can be given it (a port merely closed could be, by a test running alongside).
final class RawListener: @unchecked Sendable {
    let port: Int
    private let fd: Int32
    private let accepting: Thread?

    init(listening: Bool = true) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound, !listening || listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        port = Int(UInt16(bigEndian: address.sin_port))
        guard listening else {
            accepting = nil
            return
        }
        accepting = Thread {
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { return }
                Glibc.close(client)
            }
        }
        accepting?.start()
    }

    /// Closes the listener (or frees the closed port it held).
    func close() {
        shutdown(fd, Int32(SHUT_RDWR))
        Glibc.close(fd)
    }
}

import CommerceCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

@testable import CommerceServer

/// Slow readers and connection floods (issue 26, points 1 and 2): no client holds a socket, or more than its
/// share of them, for as long as it likes. Clients are told apart by source address (127.0.0.x).
@Suite struct ConnectionAbuseTests {
    /// `GET /metrics` pipelined many times: a few KiB an answer, so unread answers fill the buffers quickly.
    static let pipelined = String(repeating: "GET /metrics HTTP/1.1\r\nHost: attacker\r\n\r\n", count: 200)

    @Test func anAnswerTheClientDoesNotReadIsResetAfterTheWriteTimeout() async throws {
        try await TestServer.run(configure: { $0.writeTimeout = 0.5 }) { server in
            let port = try #require(server.client.port)
            let reader = try RawSocket(port: port, from: "127.0.0.2", receiveBuffer: 4096)
            // Requests go in while the server reads them; it stops reading once its answers cannot be sent.
            for _ in 0..<400 where reader.sendWithoutWaiting(Self.pipelined) > 0 {
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(await reader.closedByServer(within: 20), "the server still holds a connection whose answers are never read")
            let metrics = try await server.call(.get, "/metrics", token: nil).text
            #expect(metrics.contains(#"partnercommerce_connections_closed_total{reason="write_timeout"} 1"#), "\(metrics)")
        }
    }

    @Test func pastItsCapsANewConnectionIsRefusedAtOnceAndTheOldestIdleGoesFirst() async throws {
        try await TestServer.run(configure: {
            $0.maxConnections = 6
            $0.maxConnectionsPerAddress = 3
        }) { server in
            let port = try #require(server.client.port)
            let table = server.server.connectionGuard.table
            var attacker: [RawSocket] = []
            // Each admitted before the next arrives: the server's event loops may take new connections in any order,
            // and "the oldest" must be the first one.
            for count in 1...3 {
                attacker.append(try RawSocket(port: port, from: "127.0.0.2"))
                try await eventually { table.open(from: "127.0.0.2") == count }
                try await Task.sleep(for: .milliseconds(20))
            }
            // A fourth from the same address: the oldest idle one of that address makes room.
            attacker.append(try RawSocket(port: port, from: "127.0.0.2"))
            #expect(await attacker[0].closedByServer(within: 30))
            #expect(await !attacker[3].closedByServer(within: 0.3))
            // Busy ones (a request under way: the token endpoint waits for the rest of its form) are never closed for
            // room: the next arrival is refused instead.
            let underWay =
                "POST /common/oauth2/token HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 100\r\n\r\ngrant_type="
            for socket in attacker.dropFirst() { await socket.send(underWay) }
            try await eventually { table.busy(from: "127.0.0.2") == 3 }
            let refused = try RawSocket(port: port, from: "127.0.0.2")
            #expect(await refused.closedByServer(within: 30), "a connection past the address's cap was kept")
            for socket in attacker.dropFirst() { #expect(await !socket.closedByServer(within: 0.1)) }
            // Another address fills the server; then even a third address is refused.
            var other: [RawSocket] = []
            for _ in 0..<3 {
                let socket = try RawSocket(port: port, from: "127.0.0.3")
                await socket.send(underWay)
                other.append(socket)
            }
            try await eventually { table.busy(from: "127.0.0.3") == 3 }
            let third = try RawSocket(port: port, from: "127.0.0.4")
            #expect(await third.closedByServer(within: 30), "a connection past the server's cap was kept")
            // Room again once one goes; the refusals were counted. (The test client's own idle connection was the
            // oldest idle one when the server filled, so it is gone: a socket of our own reads the metrics.)
            attacker.removeAll()
            let metrics = try await Self.rawGet(port: port, "/metrics")
            #expect(Self.value(#"partnercommerce_connections_refused_total{scope="address"}"#, in: metrics) == 1, "\(metrics)")
            // At least the one above: reading the metrics may itself be refused until the closed sockets are gone.
            #expect(Self.value(#"partnercommerce_connections_refused_total{scope="server"}"#, in: metrics) ?? 0 >= 1, "\(metrics)")
            // Two idle ones made room: the attacker's first, then the test client's.
            #expect(Self.value(#"partnercommerce_connections_closed_total{reason="idle_evicted"}"#, in: metrics) == 2, "\(metrics)")
            _ = other
        }
    }

    /// The whole answer to a `GET` on a connection of its own, closed after it.
    static func rawGet(port: Int, _ path: String) async throws -> String {
        var answer = ""
        try await eventually {
            let socket = try RawSocket(port: port)
            await socket.send("GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            answer = await socket.readToEnd()
            return answer.hasPrefix("HTTP/1.1 200")
        }
        return answer
    }

    /// The value of one series in Prometheus text.
    static func value(_ series: String, in text: String) -> Int? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Int($0.dropFirst(series.count + 1)) }
    }

    @Test func theConnectionCapsFollowTheOpenFileLimit() throws {
        let budget = FileDescriptorBudget.raised()
        #expect(budget.openFiles >= 64)
        #expect(budget.connections < budget.openFiles, "descriptors are kept for the store and the event loops")
        #expect(budget.connections >= budget.openFiles * 7 / 8 - 64)
    }
}

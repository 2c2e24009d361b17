import Foundation
import TestSupport
import Testing

/// A connection flood against `serve` at a lowered open-file limit (issue 26, point 2): the server keeps a
/// reserve of descriptors and caps connections per address below it, so one address holding more sockets than
/// the limit allows does not lock another client out.
@Suite struct ConnectionFloodCLITests {
    @Test func anotherClientIsAnsweredWhileOneAddressHoldsMoreSocketsThanTheServerHasDescriptors() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let served = try await CLITests.Served.start(
            ["serve", "--port", "0", "--data-dir", folder], launcher: ["/usr/bin/prlimit", "--nofile=256:256", "--"])
        defer { served.stopInBackground() }
        let limits = try String(contentsOfFile: "/proc/\(served.process.processIdentifier)/limits", encoding: .utf8)
        #expect(limits.split(separator: "\n").contains { $0.hasPrefix("Max open files") && $0.contains(" 256 ") })
        let port = try #require(Int(served.base.split(separator: ":").last ?? ""))
        var flood: [RawSocket] = []
        for _ in 0..<300 {
            guard let socket = try? RawSocket(port: port, from: "127.0.0.2") else { continue }
            flood.append(socket)
        }
        #expect(flood.count == 300)
        // A new connection from another address, answered at once.
        let health = try RawSocket(port: port)
        await health.send("GET /_admin/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let answer = await health.readToEnd()
        #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer.prefix(200))")
        _ = flood
    }
}

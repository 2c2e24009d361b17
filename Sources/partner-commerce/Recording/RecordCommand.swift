import ArgumentParser
import CommerceServer
import Foundation
import Logging

/// `partner-commerce record --upstream URL`: a forwarding proxy that keeps every exchange in a fixtures folder.
struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Forward every request to an upstream (Partner Center or a compatible server) and keep each exchange, secrets masked.",
        discussion: """
            Point the client under test at the address printed; each exchange becomes one JSON file in the fixtures \
            folder, numbered in the order requests arrived (a second run adds to the folder). Replay them with \
            `partner-commerce replay`, compare a server with them with `partner-commerce drift`.
            """
    )

    @Option(help: "The server to forward to, e.g. https://api.partnercenter.microsoft.com.") var upstream: String
    @Option(help: "Port to listen on (0: any free port).") var port: Int = 8081
    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "The fixtures folder.") var fixtures: String = "fixtures"
    @Option(help: "A CA certificate (PEM) to trust for an https upstream, such as the one `serve --tls` prints.") var upstreamCa: String?

    func validate() throws {
        guard RecordingTools.isServerURL(upstream) else { throw ValidationError("--upstream must be an http:// or https:// URL, without a query.") }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
    }

    func run() async throws {
        let folder = fixtures
        let upstream = upstream
        try await RecordingTools.record(
            upstream: upstream, upstreamCA: upstreamCa, folder: folder, host: host, port: port, logger: Self.logger(label: "partner-commerce.record")
        ) { host, port in
            print("recording \(upstream) into \(folder)")
            print("listening on http://\(host):\(port)")
            fflush(nil)  // a test or script waits for this line
        }
    }

    /// Logs on stderr, at LOG_LEVEL (default info: a line per exchange).
    static func logger(label: String) -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Environment.value("LOG_LEVEL").flatMap(Logger.Level.init(rawValue:)) ?? .info
        return logger
    }
}

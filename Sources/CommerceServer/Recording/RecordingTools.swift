import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOSSL

/// What the `record`, `replay` and `drift` commands run: each is one call, so the command line holds only options.
public enum RecordingTools {
    /// Runs the recording proxy until SIGTERM or SIGINT.
    public static func record(
        upstream: String, upstreamCA: String?, folder: String, host: String, port: Int, logger: Logger,
        onListening: @escaping @Sendable (String, Int) async -> Void
    ) async throws {
        let client = try makeClient(trusting: upstreamCA)
        do {
            let proxy = try RecordingProxy(upstream: upstream, client: client, folder: ExchangeFolder(path: folder), logger: logger)
            try await serve(proxy, host: host, port: port, logger: logger, onListening: onListening)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    /// Serves the folder's exchanges until SIGTERM or SIGINT; returns how many were never asked for.
    public static func replay(
        folder: String, host: String, port: Int, logger: Logger, onLoaded: @escaping @Sendable (Int) -> Void,
        onListening: @escaping @Sendable (String, Int) async -> Void
    ) async throws -> Int {
        let replay = ExchangeReplay(try ExchangeFolder(path: folder).entries())
        onLoaded(replay.entries.count)
        try await serve(ReplayResponder(replay: replay, logger: logger), host: host, port: port, logger: logger, onListening: onListening)
        return replay.unserved
    }

    /// Sends the folder's requests to `base` and reports the drift; `drifted` is true when any answer's shape differs
    /// or an exchange could not be checked.
    public static func drift(
        folder: String, against base: String, trusting ca: String?, token: @escaping @Sendable () async throws -> String
    ) async throws -> (report: String, drifted: Bool) {
        let entries = try ExchangeFolder(path: folder).entries()
        let client = try makeClient(trusting: ca)
        let outcomes = await DriftCheck(against: base, client: client, token: token).run(entries)
        try await client.shutdown()
        return (DriftCheck.report(outcomes), DriftCheck.drifted(outcomes))
    }

    /// Whether `text` is an absolute `http` or `https` URL with a host: what an upstream or a server under test must be.
    public static func isServerURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme) else { return false }
        return !(url.host ?? "").isEmpty && url.query == nil && url.fragment == nil
    }

    /// An HTTP client that follows no redirect (the client under test sees them) and leaves bodies as sent; with a CA
    /// file, HTTPS trusts that CA (a `serve --tls` upstream) instead of the system's.
    static func makeClient(trusting ca: String?) throws -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let ca { tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(ca)) }
        let configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10), read: .seconds(300)),
            decompression: .disabled
        )
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    static func serve(
        _ responder: some HTTPResponder<BasicRequestContext>, host: String, port: Int, logger: Logger,
        onListening: @escaping @Sendable (String, Int) async -> Void
    ) async throws {
        let app = Application(
            responder: responder, configuration: .init(address: .hostname(host, port: port), serverName: "PartnerCommerce"),
            onServerRunning: { channel in await onListening(host, channel.localAddress?.port ?? port) }, logger: logger
        )
        try await app.runService()
    }
}

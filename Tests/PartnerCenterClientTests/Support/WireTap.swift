import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP hop between the SDK and the server, for faults a client must survive: it forwards every request
/// and records what crossed the wire (method, path, `MS-RequestId`, status), and on a rule's word drops the
/// answer after the server has produced it (the network lost it) or rewrites its body (the service grew).
final class WireTap: Sendable {
    /// One request that crossed the tap, and what the server answered.
    struct Crossing: Sendable {
        var method: String
        var path: String
        var requestID: String?
        /// The request's headers, names in lower case.
        var headers: [String: String]
        var status: Int
        var dropped: Bool
    }

    /// What to do with one request.
    enum Action: Sendable {
        case forward
        /// Forward it, let the server answer, then close the connection without passing the answer on.
        case dropAnswer
        /// Forward it and pass on the answer's body changed by the function.
        case rewrite(@Sendable (String) -> String)
        /// Answer this instead, without forwarding (a gateway's 503, a throttle with a long `Retry-After`).
        case answer(status: Int, headers: [String: String], body: String)
        /// Wait this many seconds, then forward (a slow service; the client may have given up by then).
        case stall(Double)
    }

    let port: Int
    var base: String { "http://127.0.0.1:\(port)" }
    private let crossings = Mutex<[Crossing]>([])
    private let rule: @Sendable (_ method: String, _ path: String, _ earlier: [Crossing]) -> Action
    private let upstream: String
    private let listener: Task<Void, Never>
    private let channel: any Channel

    private let arrivals = Mutex(0)
    /// Whether any request has arrived (counted before it is forwarded or stalled).
    var arrived: Bool { arrivals.withLock { $0 > 0 } }

    /// Everything that crossed so far.
    var seen: [Crossing] { crossings.withLock { $0 } }

    private init(
        upstream: String, channel: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>,
        rule: @escaping @Sendable (String, String, [Crossing]) -> Action
    ) {
        self.upstream = upstream
        self.rule = rule
        self.port = channel.channel.localAddress?.port ?? 0
        self.channel = channel.channel
        let holder = Holder()
        listener = Task {
            try? await channel.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in inbound {
                        group.addTask { await holder.tap?.serve(connection) }
                    }
                }
            }
        }
        holder.tap = self
    }

    /// Lets the listener reach the tap once it exists, without a retain cycle at start.
    private final class Holder: @unchecked Sendable { weak var tap: WireTap? }

    /// A tap on a free loopback port in front of `upstream`.
    static func start(
        upstream: String, rule: @escaping @Sendable (_ method: String, _ path: String, _ earlier: [Crossing]) -> Action = { _, _, _ in .forward }
    )
        async throws -> WireTap
    {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: child)
                }
            }
        return WireTap(upstream: upstream, channel: channel, rule: rule)
    }

    func stop() async {
        listener.cancel()
        try? await channel.close()
    }

    private func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let started):
                    head = started
                    body.clear()
                case .body(var chunk):
                    body.writeBuffer(&chunk)
                case .end:
                    guard let head else { return }
                    arrivals.withLock { $0 += 1 }
                    let action = rule(head.method.rawValue, head.uri, seen)
                    let requestHeaders = Dictionary(head.headers.map { ($0.name.lowercased(), $0.value) }) { first, _ in first }
                    if case .answer(let status, let extra, let text) = action {
                        crossings.withLock {
                            $0.append(
                                Crossing(
                                    method: head.method.rawValue, path: head.uri, requestID: head.headers.first(name: "MS-RequestId"),
                                    headers: requestHeaders,
                                    status: status, dropped: false
                                ))
                        }
                        var headers = HTTPHeaders(extra.map { ($0.key, $0.value) })
                        headers.add(name: "Content-Length", value: String(text.utf8.count))
                        try await outbound.write(.head(HTTPResponseHead(version: head.version, status: .init(statusCode: status), headers: headers)))
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(string: text))))
                        try await outbound.write(.end(nil))
                        continue
                    }
                    if case .stall(let seconds) = action { try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000)) }
                    var request = HTTPClientRequest(url: upstream + head.uri)
                    request.method = head.method
                    for (name, value) in head.headers where !["host", "connection", "content-length"].contains(name.lowercased()) {
                        request.headers.add(name: name, value: value)
                    }
                    if body.readableBytes > 0 { request.body = .bytes(body) }
                    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
                    var answer = try await response.body.collect(upTo: 64 << 20)
                    let dropped: Bool
                    if case .dropAnswer = action { dropped = true } else { dropped = false }
                    crossings.withLock {
                        $0.append(
                            Crossing(
                                method: head.method.rawValue, path: head.uri, requestID: head.headers.first(name: "MS-RequestId"),
                                headers: requestHeaders, status: Int(response.status.code), dropped: dropped
                            ))
                    }
                    if dropped { return }
                    if case .rewrite(let change) = action { answer = ByteBuffer(string: change(String(buffer: answer))) }
                    var headers = HTTPHeaders()
                    for (name, value) in response.headers where !["content-length", "transfer-encoding", "connection"].contains(name.lowercased()) {
                        headers.add(name: name, value: value)
                    }
                    headers.add(name: "Content-Length", value: String(answer.readableBytes))
                    try await outbound.write(.head(HTTPResponseHead(version: head.version, status: response.status, headers: headers)))
                    try await outbound.write(.body(.byteBuffer(answer)))
                    try await outbound.write(.end(nil))
                }
            }
        }
    }
}

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PartnerCenterModels

/// `partner-commerce drift`: sends each recorded request again to a server and says, exchange by exchange, where the
/// answer's shape differs from the recorded one (``ShapeDrift``).
///
/// Each request gets a new `MS-RequestId` and `MS-CorrelationId` (the server must treat it as new), the caller's
/// token in place of the masked one, and the ids the server gave in earlier answers in place of the recorded ones
/// (``IdentifierMap``). Sign-ins are not sent again: their secrets were never recorded.
public struct DriftCheck: Sendable {
    /// What became of one exchange.
    public struct Outcome: Sendable {
        public enum Verdict: Sendable {
            case same
            case differs([ShapeDifference])
            case skipped(String)
            case failed(String)
        }

        public var name: String
        public var method: String
        public var path: String
        public var verdict: Verdict
    }

    let base: String
    let client: HTTPClient
    let token: @Sendable () async throws -> String

    public init(against base: String, client: HTTPClient, token: @escaping @Sendable () async throws -> String) {
        var root = base
        while root.hasSuffix("/") { root.removeLast() }
        self.base = root
        self.client = client
        self.token = token
    }

    /// Checks every exchange in order.
    public func run(_ entries: [ExchangeFolder.Entry]) async -> [Outcome] {
        var ids = IdentifierMap()
        var outcomes: [Outcome] = []
        for entry in entries {
            let request = entry.exchange.request
            let path = ids.apply(request.path)
            func outcome(_ verdict: Outcome.Verdict) -> Outcome { Outcome(name: entry.name, method: request.method, path: path, verdict: verdict) }
            if Self.isSignIn(request.path) {
                outcomes.append(outcome(.skipped("a sign-in: its secrets are not recorded")))
                continue
            }
            do {
                let (status, headers, body) = try await send(request, path: path, ids: ids)
                let answered = RecordedBody.split(body)
                let recorded = entry.exchange.response
                var found: [ShapeDifference] = []
                if status != recorded.status { found.append(ShapeDifference(path: "", kind: .status(recorded: recorded.status, now: status))) }
                found += ShapeDrift.differences(recorded: recorded.body, now: answered.json)
                if recorded.body == nil, answered.json == nil, (recorded.bodyText ?? "").isEmpty != (answered.text ?? "").isEmpty {
                    found.append(ShapeDifference(path: "", kind: (recorded.bodyText ?? "").isEmpty ? .extra(type: "text") : .missing(type: "text")))
                }
                ids.learn(
                    recorded: recorded.body, now: answered.json, recordedLocation: recorded.headers["location"],
                    nowLocation: headers.first(name: "location")
                )
                outcomes.append(outcome(found.isEmpty ? .same : .differs(found)))
            } catch {
                outcomes.append(outcome(.failed("\(error)")))
            }
        }
        return outcomes
    }

    private func send(_ request: RecordedExchange.Request, path: String, ids: IdentifierMap) async throws -> (Int, HTTPHeaders, [UInt8]) {
        var sent = HTTPClientRequest(url: base + path)
        sent.method = HTTPMethod(rawValue: request.method.uppercased())
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            switch name {
            case "authorization":
                sent.headers.add(name: "Authorization", value: "Bearer \(try await token())")
            case "ms-requestid", "ms-correlationid":
                sent.headers.add(name: name, value: UUID().uuidString.lowercased())
            default:
                sent.headers.add(name: name, value: ids.apply(value))
            }
        }
        let body = RecordedBody.bytes(json: request.body, text: request.bodyText)
        if !body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method.uppercased()) {
            sent.body = .bytes(ByteBuffer(string: ids.apply(String(decoding: body, as: UTF8.self))))
        }
        let answer = try await client.execute(sent, timeout: .seconds(120))
        let bytes = try await answer.body.collect(upTo: RecordingProxy.maxBodyBytes)
        return (Int(answer.status.code), answer.headers, Array(buffer: bytes))
    }

    /// Token endpoints and the documents sign-in libraries read first.
    static func isSignIn(_ path: String) -> Bool {
        let route = path.prefix { $0 != "?" }.lowercased()
        return route.contains("/oauth2/") || route.hasSuffix("/generatetoken") || route.contains("/.well-known/")
            || route.contains("/discovery/") || route.contains("/userrealm/")
    }

    /// The report `drift` prints: a line per exchange, the differences under it, and a count.
    public static func report(_ outcomes: [Outcome]) -> String {
        var lines: [String] = []
        for outcome in outcomes {
            let head = "\(outcome.name)  \(outcome.method.uppercased()) \(outcome.path)"
            switch outcome.verdict {
            case .same: lines.append("same     \(head)")
            case .skipped(let why): lines.append("skipped  \(head): \(why)")
            case .failed(let why): lines.append("failed   \(head): \(why)")
            case .differs(let found):
                lines.append("DIFFERS  \(head)")
                lines += found.map { "           \($0)" }
            }
        }
        let count = { (test: (Outcome.Verdict) -> Bool) in outcomes.filter { test($0.verdict) }.count }
        let differ = count { if case .differs = $0 { true } else { false } }
        let failed = count { if case .failed = $0 { true } else { false } }
        let skipped = count { if case .skipped = $0 { true } else { false } }
        lines.append(
            "\(outcomes.count) exchanges: \(outcomes.count - differ - failed - skipped) same, \(differ) differ, \(failed) failed, \(skipped) skipped"
        )
        return lines.joined(separator: "\n")
    }

    /// Whether the run found drift or could not check an exchange: `drift` then exits 1.
    public static func drifted(_ outcomes: [Outcome]) -> Bool {
        outcomes.contains { outcome in
            switch outcome.verdict {
            case .differs, .failed: true
            case .same, .skipped: false
            }
        }
    }
}

import CommerceCore
import CommerceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

/// Whole exchanges held as text (`Golden/*.http`): the request as a client sends it and the answer as the server
/// must give it, compared line for line against a fresh store with the demo data, ids from seed 42's sequence and
/// the clock frozen, on every engine.
///
/// A file is a request (a `METHOD /path` line, headers, a blank line, a body), then the answer (`HTTP <status>`,
/// the headers that matter, a blank line, the body as pretty JSON with sorted keys). `# after: NAME` lines first
/// send the request of the named file, uncompared, for the state it leaves. `Authorization` is the demo app's
/// token unless the file gives one (`Authorization: none` sends none).
///
/// Rewrite the answers after a deliberate change: `GOLDEN_RECORD=1 swift test --filter GoldenExchangeTests`, then
/// read the diff (`git diff Tests/CommerceServerTests/Golden`) before committing it.
@Suite struct GoldenExchangeTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let frozenAt = Date(timeIntervalSince1970: 1_893_456_000)  // 2030-01-01T00:00:00Z
    /// The answer's headers a golden file holds: the ones a client reads. Others (`Date`, `MS-CV`, `MS-ServerId`)
    /// vary or say nothing about the API.
    static let keptHeaders: Set<String> = [
        "content-type", "location", "ms-requestid", "ms-correlationid", "www-authenticate", "allow", "retry-after", "x-locale",
    ]

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".http") }.sorted()
    }

    /// A golden file's parts.
    struct Exchange {
        var after: [String] = []
        var method: HTTPRequest.Method
        var path: String
        var headers: [(String, String)] = []
        var body: String
        /// Everything from the `HTTP` line on, as the file holds it.
        var answer: String
        /// The file up to (not including) the `HTTP` line.
        var request: String
    }

    static func read(_ name: String) throws -> Exchange {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        guard let split = lines.firstIndex(where: { $0.hasPrefix("HTTP ") }) ?? Optional(lines.count) else { throw GoldenError("no lines") }
        let requestLines = Array(lines[..<split])
        var index = 0
        var after: [String] = []
        while index < requestLines.count, requestLines[index].hasPrefix("#") {
            if requestLines[index].hasPrefix("# after: ") { after.append(String(requestLines[index].dropFirst("# after: ".count))) }
            index += 1
        }
        guard index < requestLines.count else { throw GoldenError("\(name): no request line") }
        let first = requestLines[index].split(separator: " ", maxSplits: 1).map(String.init)
        guard first.count == 2, let method = HTTPRequest.Method(first[0]) else {
            throw GoldenError("\(name): bad request line \(requestLines[index])")
        }
        index += 1
        var headers: [(String, String)] = []
        while index < requestLines.count, !requestLines[index].isEmpty {
            let parts = requestLines[index].split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { headers.append((parts[0], parts[1])) }
            index += 1
        }
        let body = requestLines.dropFirst(index + 1).joined(separator: "\n").trimmingCharacters(in: .newlines)
        return Exchange(
            after: after, method: method, path: first[1], headers: headers, body: body,
            answer: lines[split...].joined(separator: "\n"), request: requestLines.joined(separator: "\n")
        )
    }

    static func send(_ exchange: Exchange, on server: TestServer) async throws -> TestResponse {
        var fields = HTTPFields()
        var token: String? = server.token
        for (name, value) in exchange.headers {
            if name.lowercased() == "authorization" {
                token = value == "none" ? nil : String(value.dropFirst("Bearer ".count))
            } else if let field = HTTPField.Name(name) {
                fields.append(HTTPField(name: field, value: value))
            }
        }
        if let token { fields[.authorization] = "Bearer \(token)" }
        return try await server.client.execute(
            uri: exchange.path, method: exchange.method, headers: fields, body: exchange.body.isEmpty ? nil : ByteBuffer(string: exchange.body)
        )
    }

    /// The answer as a golden file writes it. An id the server made up because the request sent none
    /// (`MS-RequestId`, `MS-CorrelationId`) is masked: it is new every time.
    static func render(_ response: TestResponse, for exchange: Exchange) -> String {
        var lines = ["HTTP \(response.status.code)"]
        let sent = Set(exchange.headers.map { $0.0.lowercased() })
        let headers = response.headers.filter { keptHeaders.contains($0.name.canonicalName) }.map { field in
            let name = field.name.canonicalName
            let generated = ["ms-requestid", "ms-correlationid"].contains(name) && !sent.contains(name)
            return "\(name): \(generated ? "(generated)" : field.value)"
        }.sorted()
        lines += headers
        lines.append("")
        let bytes = Data(response.body.readableBytesView)
        if let object = try? JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed]) {
            lines.append(pretty(object, indent: ""))
        } else {
            lines.append(String(decoding: bytes, as: UTF8.self))
        }
        return lines.joined(separator: "\n").trimmingCharacters(in: .newlines) + "\n"
    }

    /// JSON for people: two-space indents, keys sorted, `"key": value`, empty containers on one line. Scalars are
    /// written by JSONSerialization, so strings and numbers read exactly as on the wire.
    static func pretty(_ value: Any, indent: String) -> String {
        let inner = indent + "  "
        if let object = value as? [String: Any] {
            guard !object.isEmpty else { return "{}" }
            let entries = object.keys.sorted().map { key in "\(inner)\(scalar(key)): \(pretty(object[key]!, indent: inner))" }
            return "{\n" + entries.joined(separator: ",\n") + "\n\(indent)}"
        }
        if let array = value as? [Any] {
            guard !array.isEmpty else { return "[]" }
            return "[\n" + array.map { inner + pretty($0, indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        }
        return scalar(value)
    }

    static func scalar(_ value: Any) -> String {
        (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .withoutEscapingSlashes])).map {
            String(decoding: $0, as: UTF8.self)
        } ?? "\(value)"
    }

    /// The lines where two texts first differ, for a failure a person can read.
    static func diff(expected: String, actual: String) -> String {
        let old = expected.components(separatedBy: "\n")
        let new = actual.components(separatedBy: "\n")
        var out: [String] = []
        for index in 0..<max(old.count, new.count) where (index < old.count ? old[index] : nil) != (index < new.count ? new[index] : nil) {
            out.append("line \(index + 1):\n- \(index < old.count ? old[index] : "(none)")\n+ \(index < new.count ? new[index] : "(none)")")
            if out.count == 12 {
                out.append("…")
                break
            }
        }
        return out.joined(separator: "\n")
    }

    static let engines: [TestEngine] = TestEngine.all

    @Test(arguments: names, engines)
    func theAnswerIsTheGoldenOne(_ name: String, _ engine: TestEngine) async throws {
        let exchange = try Self.read(name)
        let recording = ProcessInfo.processInfo.environment["GOLDEN_RECORD"] == "1"
        try await TestServer.run(engine: engine, clock: ManualClock(Self.frozenAt), configure: { $0.ids = SeedableIDGenerator(seed: 42) }) { server in
            for earlier in exchange.after { _ = try await Self.send(try Self.read(earlier), on: server) }
            let actual = Self.render(try await Self.send(exchange, on: server), for: exchange)
            let expected = exchange.answer.trimmingCharacters(in: .newlines) + "\n"
            if recording, engine == .sqlite {
                try (exchange.request.trimmingCharacters(in: .newlines) + "\n\n" + actual).write(
                    to: Self.folder.appendingPathComponent(name), atomically: true, encoding: .utf8
                )
            } else {
                #expect(actual == expected, "\(name) on \(engine):\n\(Self.diff(expected: expected, actual: actual))")
            }
        }
    }

    struct GoldenError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// `GET /metrics`: Prometheus text that parses, and counters that move with the calls they count.
@Suite struct MetricsTests {
    /// The samples of a Prometheus text exposition (version 0.0.4), keyed `name{labels}`; fails the test on any
    /// line that is not a comment, a blank or a well-formed sample, and on a sample whose metric has no TYPE.
    static func parse(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String: Double] {
        var samples: [String: Double] = [:]
        var typed: Set<String> = []
        let sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")*\})? (\S+)$/
        let type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if let match = line.wholeMatch(of: type) {
                typed.insert(String(match.1))
                continue
            }
            if line.hasPrefix("# HELP ") { continue }
            guard let match = line.wholeMatch(of: sample) else {
                Issue.record("not Prometheus text: \(line)", sourceLocation: sourceLocation)
                continue
            }
            let name = String(match.1)
            let family = typed.first { name == $0 || name.hasPrefix($0 + "_") }
            #expect(family != nil, "\(name) has no TYPE line before it", sourceLocation: sourceLocation)
            let value = String(match.5)
            guard let number = Double(value) ?? (value == "+Inf" ? .infinity : nil) else {
                Issue.record("not a number: \(line)", sourceLocation: sourceLocation)
                continue
            }
            samples[String(line.dropLast(value.count + 1))] = number
        }
        return samples
    }

    @Test func metricsParseAsPrometheusTextAndTheCheckoutCounterMoves() async throws {
        try await TestServer.run { server in
            let first = try await server.call(.get, "/metrics", token: nil)
            #expect(first.status == .ok)
            #expect(first.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let before = Self.parse(first.text)
            let checkouts = #"partnercommerce_checkouts_total{status="201"}"#
            #expect(before[checkouts] == nil)
            #expect(try await server.call(.post, "/v1/customers/\(DemoData.customerID)/carts/\(DemoData.cartID)/checkout").status == .created)
            #expect(try await server.call(.get, "/v1/customers/\(DemoData.customerID)/orders").status == .ok)
            let after = Self.parse(try await server.call(.get, "/metrics", token: nil).text)
            #expect(after[checkouts] == 1)
            #expect(after[#"partnercommerce_http_requests_total{family="orders",method="GET",status="200"}"#] == 1)
            #expect(after.keys.contains { $0.hasPrefix(#"partnercommerce_http_request_duration_seconds_bucket{family="checkout""#) })
            #expect(after[#"partnercommerce_journal_entries"#] ?? 0 >= 2)
            #expect(after[#"partnercommerce_fulfilment_queue_depth"#] != nil)
            // A path no route serves is counted under one label, whatever the path: label values stay bounded.
            _ = try await server.call(.get, "/no/such/\(UUID().uuidString)", token: nil)
            let unmatched = Self.parse(try await server.call(.get, "/metrics", token: nil).text)
            #expect(unmatched[#"partnercommerce_http_requests_total{family="unmatched",method="GET",status="404"}"#] == 1)
            // So are the WebDAV methods NIO's parser lets through.
            for method in ["PROPFIND", "MKCOL"] { _ = try await server.call(try #require(HTTPRequest.Method(method)), "/", token: nil) }
            let methods = Self.parse(try await server.call(.get, "/metrics", token: nil).text)
            #expect(!methods.keys.contains { $0.contains("PROPFIND") || $0.contains("MKCOL") })
            #expect(methods.keys.contains { $0.contains(#"method="other""#) })
        }
    }
}

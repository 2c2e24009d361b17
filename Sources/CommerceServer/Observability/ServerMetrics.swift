import CommerceStore
import CoreMetrics
import Foundation
import Prometheus
import Synchronization

/// This server's metrics, through swift-metrics into a Prometheus registry of its own (`GET /metrics`): requests by
/// route family, method and status, latencies by family, checkouts by status, and, read when scraped, orders by
/// status, the fulfilment queue and the journal's size.
///
/// A registry per server, not the process-wide `MetricsSystem`: several servers in one process (tests, embedding)
/// each count their own.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let counters = Mutex<[String: CoreMetrics.Counter]>([:])
    private let timers = Mutex<[String: CoreMetrics.Timer]>([:])
    /// When the gauges read from the store were last refreshed: a scrape every second must not count every order.
    private let gaugesReadAt = Mutex<Date?>(nil)
    /// Order statuses reported so far: one that no order has any more reads 0, not its last count.
    private let orderStatuses = Mutex<Set<String>>([])

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        // Seconds from 1 ms to 10 s: a read takes a few milliseconds, a checkout tens, an injected delay up to a minute.
        factory.defaultDurationHistogramBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10].map {
            .milliseconds(Int64($0 * 1000))
        }
        self.factory = factory
    }

    /// Counts one answered request and its latency.
    func record(family: String, method: String, status: Int, nanoseconds: Int64) {
        // NIO's parser passes some thirty methods (WebDAV's PROPFIND, MKCOL, …) and refuses the rest; past the ones
        // this API could serve they count as `other`, so label values stay few.
        let method = Self.methods.contains(method) ? method : "other"
        counter("partnercommerce_http_requests_total", [("family", family), ("method", method), ("status", String(status))]).increment()
        let timer = timers.withLock { timers in
            if let existing = timers[family] { return existing }
            let made = CoreMetrics.Timer(label: "partnercommerce_http_request_duration_seconds", dimensions: [("family", family)], factory: factory)
            timers[family] = made
            return made
        }
        timer.recordNanoseconds(nanoseconds)
        if family == "checkout", method == "POST" {
            counter("partnercommerce_checkouts_total", [("status", String(status))]).increment()
        }
    }

    /// Counts connections refused on arrival, by the cap that was full (`server` or `address`).
    func countConnectionRefused(scope: String) {
        counter("partnercommerce_connections_refused_total", [("scope", scope)]).increment()
    }

    /// Counts connections the server closed to keep clients to their share, by why (`idle_evicted`, `write_timeout`).
    func countConnections(closed reason: String, _ count: Int) {
        counter("partnercommerce_connections_closed_total", [("reason", reason)]).increment(by: Int64(count))
    }

    /// The methods counted by name.
    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"]

    /// The counter of `label` with these dimensions, made once.
    private func counter(_ label: String, _ dimensions: [(String, String)]) -> CoreMetrics.Counter {
        let key = ([label] + dimensions.map(\.1)).joined(separator: " ")
        return counters.withLock { counters in
            if let existing = counters[key] { return existing }
            let made = CoreMetrics.Counter(label: label, dimensions: dimensions, factory: factory)
            counters[key] = made
            return made
        }
    }

    /// The text format, with the gauges read from the store at most every five seconds.
    func exposition(store: Store, journal: RequestJournal?, openConnections: Int? = nil, now: Date = Date()) async throws -> String {
        let due = gaugesReadAt.withLock { last in
            guard last.map({ now.timeIntervalSince($0) >= 5 }) ?? true else { return false }
            last = now
            return true
        }
        if due {
            let counts = Dictionary(try await store.orderCountsByStatus(), uniquingKeysWith: +)
            let statuses = orderStatuses.withLock { seen in
                seen.formUnion(counts.keys)
                return seen
            }
            for status in statuses { gauge("partnercommerce_orders", [("status", status)]).record(counts[status] ?? 0) }
            gauge("partnercommerce_fulfilment_queue_depth").record(try await store.pendingFulfilmentCount())
        }
        let size = journal?.size ?? (entries: 0, bytes: 0)
        gauge("partnercommerce_journal_entries").record(size.entries)
        gauge("partnercommerce_journal_bytes").record(size.bytes)
        if let openConnections { gauge("partnercommerce_connections_open").record(openConnections) }
        return registry.emitToString()
    }

    private func gauge(_ label: String, _ dimensions: [(String, String)] = []) -> CoreMetrics.Gauge {
        CoreMetrics.Gauge(label: label, dimensions: dimensions, factory: factory)
    }

    /// The family a route belongs to, from the router's template: few and fixed, so label values stay bounded.
    static func family(of route: String?) -> String {
        guard let route = route?.lowercased(), route != "notfound" else { return "unmatched" }
        let families: [(String, String)] = [
            ("/checkout", "checkout"), ("/carts", "carts"), ("/orders", "orders"), ("/subscriptions", "subscriptions"), ("/products", "catalog"),
            ("/offers", "catalog"), ("/profiles", "profiles"), ("/v1/customers", "customers"), ("/_admin", "admin"), ("oauth2", "token"),
            ("well-known", "discovery"), ("/discovery", "discovery"), ("/metrics", "metrics"),
        ]
        return families.first { route.contains($0.0) }?.1 ?? "other"
    }
}

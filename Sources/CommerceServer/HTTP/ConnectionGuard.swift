import Logging
import NIOCore
import Synchronization

/// One server's connection policy: the table of open connections and its caps, how long an answer may stall,
/// and the account of what was refused or closed, counted in `/metrics` and logged at most once a minute (a flood
/// must not become a flood of log lines).
final class ConnectionGuard: Sendable {
    let table: ConnectionTable
    let writeTimeout: TimeAmount
    private let metrics: ServerMetrics
    private let logger: Logger
    /// Refusals not yet logged, and when the last line was written.
    private let unlogged = Mutex<(server: Int, address: Int, loggedAt: NIODeadline?)>((0, 0, nil))
    private static let logInterval = TimeAmount.seconds(60)

    init(limits: ConnectionTable.Limits, writeTimeout: TimeAmount, metrics: ServerMetrics, logger: Logger) {
        self.table = ConnectionTable(limits: limits)
        self.writeTimeout = writeTimeout
        self.metrics = metrics
        self.logger = logger
    }

    /// A handler for one new connection.
    func makeHandler() -> ConnectionGuardHandler { ConnectionGuardHandler(connectionGuard: self) }

    /// Asks the table for a place; false when the connection must be closed at once.
    func admit(_ channel: any Channel, address: String, now: NIODeadline = .now()) -> Bool {
        switch table.admit(channel, address: address, now: now) {
        case .admitted:
            return true
        case .admittedClosing(let count):
            metrics.countConnections(closed: "idle_evicted", count)
            return true
        case .refused(let server):
            metrics.countConnectionRefused(scope: server ? "server" : "address")
            let line: (server: Int, address: Int)? = unlogged.withLock { unlogged in
                if server { unlogged.server += 1 } else { unlogged.address += 1 }
                if let last = unlogged.loggedAt, now - last < Self.logInterval { return nil }
                defer { unlogged = (0, 0, now) }
                return (unlogged.server, unlogged.address)
            }
            if let line {
                logger.warning(
                    "connections refused",
                    metadata: [
                        "server_full": "\(line.server)", "address_full": "\(line.address)", "last_address": "\(address)",
                        "max_connections": "\(table.limits.maxConnections)", "max_per_address": "\(table.limits.maxPerAddress)",
                    ])
            }
            return false
        }
    }

    /// Counts a connection reset because its answer stopped draining.
    func closedStalled() {
        metrics.countConnections(closed: "write_timeout", 1)
    }
}

import CommerceStore
import Foundation
import GRDB
import Logging
import NIOPosix
import SQLiteNIO

/// Times three ways to run the store's kind of statements on SQLite, each on a new file in WAL mode with
/// `synchronous = FULL`, one statement per call as the store makes them:
/// - the store's own layer (`SQLiteDriverProbe`: SQLite's C API, statements kept compiled by their text, run on the
///   calling thread);
/// - GRDB 7 (`DatabasePool`, `cachedStatement`, one database access per statement; and, for comparison, all the
///   statements inside one access, which the store's async transaction bodies cannot do);
/// - SQLiteNIO, the driver the store used before (each statement awaited, run on its thread pool, prepared anew).
@main
struct DriverComparison {
    static let rows = 10_000
    static let reads = 50_000
    static let inserts = 20_000
    static let transactions = 1_000
    static let body = String(repeating: "{\"lineItemNumber\":0,\"offerId\":\"CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS\"}", count: 24)

    static let schema = [
        "CREATE TABLE customers (id TEXT PRIMARY KEY, partner_id TEXT NOT NULL, body TEXT NOT NULL)",
        "CREATE TABLE orders (id TEXT PRIMARY KEY, partner_id TEXT NOT NULL, customer_id TEXT NOT NULL, created_at TEXT NOT NULL, body TEXT NOT NULL)",
        "CREATE INDEX orders_customer ON orders (partner_id, customer_id, created_at)",
    ]
    static let read = "SELECT body FROM customers WHERE id = ?1 AND partner_id = ?2"
    static let insert = "INSERT INTO orders (id, partner_id, customer_id, created_at, body) VALUES (?1, ?2, ?3, ?4, ?5)"
    static let seed = "INSERT INTO customers (id, partner_id, body) VALUES (?1, ?2, ?3)"

    static func main() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pc-drivers-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var results: [(String, String, Double)] = []
        for round in 1...3 {
            results += try ours("\(folder)/ours-\(round).sqlite")
            results += try grdb("\(folder)/grdb-\(round).sqlite")
            results += try await nio("\(folder)/nio-\(round).sqlite")
        }
        // The best of three rounds of each, as the machine is shared.
        var best: [String: Double] = [:]
        var order: [String] = []
        for (driver, work, micros) in results {
            let key = "\(work)|\(driver)"
            if best[key] == nil { order.append(key) }
            best[key] = min(best[key] ?? .infinity, micros)
        }
        for key in order.sorted() {
            let parts = key.split(separator: "|")
            print(String(format: "%-46@ %-52@ %9.2f µs", String(parts[0]) as NSString, String(parts[1]) as NSString, best[key] ?? 0))
        }
    }

    static func time(_ count: Int, _ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let began = clock.now
        try body()
        let elapsed = began.duration(to: clock.now)
        return (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(count)
    }

    static func asyncTime(_ count: Int, _ body: () async throws -> Void) async rethrows -> Double {
        let clock = ContinuousClock()
        let began = clock.now
        try await body()
        let elapsed = began.duration(to: clock.now)
        return (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(count)
    }

    static func customerID(_ index: Int) -> String { "customer-\(index)" }

    static func ours(_ path: String) throws -> [(String, String, Double)] {
        let name = "store's layer (C API, statement cache)"
        let db = try SQLiteDriverProbe(path: path)
        defer { db.close() }
        for statement in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL"] + schema { try db.execute(statement) }
        try db.execute("BEGIN IMMEDIATE")
        for index in 0..<rows { try db.first(seed, [.text(customerID(index)), .text("partner"), .text(body)]) }
        try db.execute("COMMIT")
        let reads = try time(Self.reads) {
            for index in 0..<Self.reads { try db.first(read, [.text(customerID(index % rows)), .text("partner")]) }
        }
        let inserts = try time(Self.inserts) {
            try db.execute("BEGIN IMMEDIATE")
            for index in 0..<Self.inserts {
                try db.first(
                    insert, [.text("order-\(index)"), .text("partner"), .text(customerID(index % rows)), .text("2026-12-06T00:00:00Z"), .text(body)])
            }
            try db.execute("COMMIT")
        }
        let transactions = try time(Self.transactions) {
            for index in 0..<Self.transactions {
                try db.execute("BEGIN IMMEDIATE")
                for line in 0..<3 {
                    try db.first(
                        insert,
                        [.text("tx-\(index)-\(line)"), .text("partner"), .text(customerID(index)), .text("2026-12-06T00:00:00Z"), .text(body)])
                }
                try db.execute("COMMIT")
            }
        }
        return [
            (name, "point read, one per call", reads), (name, "insert of a 1.5 KB row, one per call, in one transaction", inserts),
            (name, "transaction of 3 inserts, synced (FULL)", transactions),
        ]
    }

    static func grdb(_ path: String) throws -> [(String, String, Double)] {
        let name = "GRDB 7 (DatabasePool, cachedStatement)"
        var configuration = Configuration()
        // The store's transactions span many calls (its bodies are async), which GRDB allows only so.
        configuration.allowsUnsafeTransactions = true
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let pool = try DatabasePool(path: path, configuration: configuration)
        // GRDB puts a WAL database in synchronous = NORMAL itself; the store's promise is FULL (a commit is on disk).
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let synchronous = try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        precondition(synchronous == 2, "GRDB's writer is not at synchronous = FULL")
        try pool.write { db in
            for statement in schema { try db.execute(sql: statement) }
            for index in 0..<rows { try db.cachedStatement(sql: seed).execute(arguments: [customerID(index), "partner", body]) }
        }
        let unsafeReads = try time(Self.reads) {
            for index in 0..<Self.reads {
                _ = try pool.unsafeRead { db in try String.fetchOne(db.cachedStatement(sql: read), arguments: [customerID(index % rows), "partner"]) }
            }
        }
        let reads = try time(Self.reads) {
            for index in 0..<Self.reads {
                _ = try pool.read { db in try String.fetchOne(db.cachedStatement(sql: read), arguments: [customerID(index % rows), "partner"]) }
            }
        }
        let inserts = try time(Self.inserts) {
            try pool.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
            for index in 0..<Self.inserts {
                try pool.writeWithoutTransaction { db in
                    try db.cachedStatement(sql: insert).execute(arguments: [
                        "order-\(index)", "partner", customerID(index % rows), "2026-12-06T00:00:00Z", body,
                    ])
                }
            }
            try pool.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }
        }
        let insertsInOneAccess = try time(Self.inserts) {
            try pool.write { db in
                for index in 0..<Self.inserts {
                    try db.cachedStatement(sql: insert).execute(arguments: [
                        "batch-\(index)", "partner", customerID(index % rows), "2026-12-06T00:00:00Z", body,
                    ])
                }
            }
        }
        let transactions = try time(Self.transactions) {
            for index in 0..<Self.transactions {
                try pool.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
                for line in 0..<3 {
                    try pool.writeWithoutTransaction { db in
                        try db.cachedStatement(sql: insert).execute(arguments: [
                            "tx-\(index)-\(line)", "partner", customerID(index), "2026-12-06T00:00:00Z", body,
                        ])
                    }
                }
                try pool.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }
            }
        }
        try pool.close()
        return [
            (name, "point read, one per call", unsafeReads), (name + ", read (in a snapshot)", "point read, one per call", reads),
            (name, "insert of a 1.5 KB row, one per call, in one transaction", inserts),
            (name + ", all inside one access", "insert of a 1.5 KB row, one per call, in one transaction", insertsInOneAccess),
            (name, "transaction of 3 inserts, synced (FULL)", transactions),
        ]
    }

    static func nio(_ path: String) async throws -> [(String, String, Double)] {
        let name = "SQLiteNIO 1.13 (each statement awaited)"
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        let connection = try await SQLiteConnection.open(
            storage: .file(path: path), threadPool: pool, logger: Logger(label: "drivers"), on: MultiThreadedEventLoopGroup.singleton.any()
        )
        for statement in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL"] + schema { _ = try await connection.query(statement) }
        _ = try await connection.query("BEGIN IMMEDIATE")
        for index in 0..<rows { _ = try await connection.query(seed, [.text(customerID(index)), .text("partner"), .text(body)]) }
        _ = try await connection.query("COMMIT")
        let reads = try await asyncTime(Self.reads) {
            for index in 0..<Self.reads { _ = try await connection.query(read, [.text(customerID(index % rows)), .text("partner")]) }
        }
        let inserts = try await asyncTime(Self.inserts) {
            _ = try await connection.query("BEGIN IMMEDIATE")
            for index in 0..<Self.inserts {
                _ = try await connection.query(
                    insert, [.text("order-\(index)"), .text("partner"), .text(customerID(index % rows)), .text("2026-12-06T00:00:00Z"), .text(body)])
            }
            _ = try await connection.query("COMMIT")
        }
        let transactions = try await asyncTime(Self.transactions) {
            for index in 0..<Self.transactions {
                _ = try await connection.query("BEGIN IMMEDIATE")
                for line in 0..<3 {
                    _ = try await connection.query(
                        insert,
                        [.text("tx-\(index)-\(line)"), .text("partner"), .text(customerID(index)), .text("2026-12-06T00:00:00Z"), .text(body)])
                }
                _ = try await connection.query("COMMIT")
            }
        }
        try await connection.close()
        try await pool.shutdownGracefully()
        return [
            (name, "point read, one per call", reads), (name, "insert of a 1.5 KB row, one per call, in one transaction", inserts),
            (name, "transaction of 3 inserts, synced (FULL)", transactions),
        ]
    }
}

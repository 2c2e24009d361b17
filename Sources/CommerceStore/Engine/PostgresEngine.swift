import Foundation
import Logging
import NIOCore
import PostgresKit
import PostgresNIO
import SQLKit

/// The multi-node engine: a PostgreSQL connection pool (postgres-nio's `PostgresClient`) shared by every
/// request of this process, with real transactions; other nodes share the same database.
final class PostgresEngine: DatabaseEngine {
    let name = "postgres"
    let capabilities = EngineCapabilities(skipLockedRows: true, sharedByNodes: true)
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let gate = InFlightGate()

    /// Connects to `url` (`postgres://user:password@host:port/database?sslmode=disable|prefer|require`).
    /// `schema` puts every table in that schema (created if missing), so tests can share one database.
    static func open(url: String, poolSize: Int, schema: String? = nil, durability: Durability, logger: Logger) async throws -> PostgresEngine {
        var configuration = try PostgresURL.configuration(url)
        configuration.options.maximumConnections = max(poolSize, 2)
        var parameters: [(String, String)] = []
        if let schema { parameters.append(("search_path", schema)) }
        // A relaxed store lets COMMIT return before the WAL is flushed: a crash of the database server can lose
        // the last moments of writes, never make them half-written.
        if durability == .relaxed { parameters.append(("synchronous_commit", "off")) }
        configuration.options.additionalStartupParameters = parameters
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let engine = PostgresEngine(client: client)
        // Let the pool's run loop start before the first lease, which PostgresNIO otherwise warns about.
        try await Task.sleep(for: .milliseconds(20))
        if let schema {
            try await engine.withDatabase { db in try await db.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run() }
        }
        return engine
    }

    private init(client: PostgresClient) {
        self.client = client
        self.runner = Task { await client.run() }
    }

    /// The body runs on its connection's event loop (`EventLoopExecutor`), where the connection's answers arrive.
    func withDatabase<T: Sendable>(_ body: @Sendable (any StoreDatabase) async throws -> T) async throws -> T {
        try await gate.run {
            try await client.withConnection { connection in
                try await withTaskExecutorPreference(EventLoopExecutor.of(connection.eventLoop)) {
                    try await body(PostgresSession(connection: connection))
                }
            }
        }
    }

    /// Any pooled connection writes on PostgreSQL.
    func withWriter<T: Sendable>(_ body: @escaping @Sendable (any StoreDatabase) async throws -> T) async throws -> T {
        try await withDatabase(body)
    }

    func withTransaction<T: Sendable>(_ body: @escaping @Sendable (any StoreDatabase) async throws -> T) async throws -> T {
        try await gate.run {
            try await client.withConnection { connection in
                // A session whose ROLLBACK or COMMIT failed may still be inside a transaction: closing it makes
                // the pool drop it instead of lending it, mid-transaction, to the next request.
                try await withTaskExecutorPreference(EventLoopExecutor.of(connection.eventLoop)) {
                    try await runTransaction(on: PostgresSession(connection: connection), abandon: { try? await connection.close() }, body)
                }
            }
        }
    }

    func exclusiveLock(_ key: String, in db: any StoreDatabase) async throws {
        // Held until the transaction ends; serialises check-then-write steps across nodes.
        try await db.run(AdvisoryLock.self, [.text(key)])
    }

    private enum AdvisoryLock: HotStatement {
        static let sql = "SELECT pg_advisory_xact_lock(hashtext($1))"
    }

    /// Waits for the operations in flight, then stops the pool: cancelling its `run()` under load left some
    /// operations waiting forever (see `InFlightGate`).
    func shutdown() async {
        await gate.close()
        runner.cancel()
        await runner.value
    }
}

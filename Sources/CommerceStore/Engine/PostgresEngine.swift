import Foundation
import Logging
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit

/// The multi-node engine: a PostgreSQL connection pool (postgres-nio's `PostgresClient`) shared by every
/// request of this process, with real transactions; other nodes share the same database.
public final class PostgresEngine: DatabaseEngine {
    public let name = "postgres"
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger

    /// Connects to `url` (`postgres://user:password@host:port/database?sslmode=disable|prefer|require`).
    /// `schema` puts every table in that schema (created if missing), so tests can share one database.
    public static func open(url: String, poolSize: Int, schema: String? = nil, logger: Logger) async throws -> PostgresEngine {
        var configuration = try PostgresURL.configuration(url)
        configuration.options.maximumConnections = max(poolSize, 2)
        if let schema { configuration.options.additionalStartupParameters = [("search_path", schema)] }
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let engine = PostgresEngine(client: client, logger: logger)
        // Let the pool's run loop start before the first lease, which PostgresNIO otherwise warns about.
        try await Task.sleep(for: .milliseconds(20))
        if let schema {
            try await engine.withDatabase { db in try await db.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run() }
        }
        return engine
    }

    private init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
        self.runner = Task { await client.run() }
    }

    public func withDatabase<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in try await body(connection.sql(queryLogLevel: nil)) }
    }

    public func withTransaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await runTransaction(on: connection.sql(queryLogLevel: nil), begin: "BEGIN", body)
        }
    }

    public func exclusiveLock(_ key: String, in db: any SQLDatabase) async throws {
        // Held until the transaction ends; serialises check-then-write steps across nodes.
        try await db.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: key)))").run()
    }

    public func shutdown() async {
        runner.cancel()
        await runner.value
    }
}

/// Reads a `postgres://` URL into a client configuration.
enum PostgresURL {
    static func configuration(_ text: String) throws -> PostgresClient.Configuration {
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? ""), let host = url.host, !host.isEmpty else {
            throw StoreError.badDatabaseURL("expected postgres://user:password@host:port/database")
        }
        let database = String(url.path.drop { $0 == "/" })
        let mode = url.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        let tls: PostgresClient.Configuration.TLS
        switch mode {
        case "disable": tls = .disable
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        default: tls = .prefer(.makeClientConfiguration())
        }
        return PostgresClient.Configuration(
            host: host, port: url.port ?? 5432, username: url.user?.removingPercentEncoding ?? "postgres",
            password: url.password?.removingPercentEncoding, database: database.isEmpty ? nil : database, tls: tls
        )
    }
}

/// Problems opening or using a store.
public enum StoreError: Error, CustomStringConvertible {
    case badDatabaseURL(String)
    /// The store was closed; nothing more runs on it.
    case closed

    public var description: String {
        switch self {
        case .badDatabaseURL(let why): "Invalid database URL: \(why)."
        case .closed: "The store is closed."
        }
    }
}

import CommerceCore
import Foundation
import Logging
import SQLKit

/// Where the store keeps its data.
public enum StoreLocation: Sendable, Equatable {
    /// An embedded SQLite file `partner-commerce.sqlite` inside this folder (created if missing).
    case sqlite(directory: String)
    /// A PostgreSQL database shared by any number of nodes; `schema` (optional) holds the tables.
    case postgres(url: String, poolSize: Int = 10, schema: String? = nil)

    /// The SQLite file for a data folder.
    public static func sqliteFile(in directory: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent("partner-commerce.sqlite").path
    }
}

/// The one persistence API of PartnerCommerce (ARCHITECTURE: CommerceStore). Every SQL statement of the
/// project lives in this module; callers see typed records and wire resources.
///
/// Each repository is an extension in its own file (`Store+Customers.swift`, …) so a query can be called
/// directly from a test, without HTTP.
public struct Store: Sendable {
    let engine: any DatabaseEngine
    /// Where the store reads the time for what it stamps on its own (migrations, one-time steps): the server's
    /// clock, so a test or the sandbox can move it (ARCHITECTURE decision 6). One-shot commands stamp and sign
    /// with it too, so what they make agrees with a server whose clock was moved.
    public let clock: any CommerceClock
    /// Where the store draws the ids of what it makes on its own (webhook events): the server's generator, so a
    /// seeded run repeats them too (ARCHITECTURE decision 6).
    public let ids: any IDGenerator
    let logger: Logger
    /// Bumped after every revocation this process commits: a partner disabled, an app deleted, a user disabled.
    public let identityChanges = ChangeCounter()
    /// Bumped after every catalog this process imports.
    public let catalogChanges = ChangeCounter()

    /// Opens the store at `location`, creating it and applying migrations as needed. `durability` says when a
    /// commit returns (ARCHITECTURE decision 10).
    public static func open(
        _ location: StoreLocation, durability: Durability = .full, clock: any CommerceClock = SystemClock(),
        ids: any IDGenerator = RandomIDGenerator(), logger: Logger = Logger(label: "partner-commerce.store")
    ) async throws -> Store {
        let engine: any DatabaseEngine
        switch location {
        case .sqlite(let directory):
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            engine = try await SQLiteEngine.open(path: StoreLocation.sqliteFile(in: directory), durability: durability, logger: logger)
        case .postgres(let url, let poolSize, let schema):
            engine = try await PostgresEngine.open(url: url, poolSize: poolSize, schema: schema, durability: durability, logger: logger)
        }
        let store = Store(engine: engine, clock: clock, ids: ids, logger: logger)
        do {
            try await Migrations.apply(on: engine, at: clock.now())
        } catch {
            await engine.shutdown()
            throw error
        }
        return store
    }

    /// The engine's name, `sqlite` or `postgres`.
    public var engineName: String { engine.name }

    /// What the engine can do; the server asks whether counters must be shared between nodes.
    public var capabilities: EngineCapabilities { engine.capabilities }

    /// The schema version this build migrates to.
    public static var schemaVersion: Int { Migrations.latest }

    /// Closes the store's connections.
    public func close() async {
        await engine.shutdown()
    }
}

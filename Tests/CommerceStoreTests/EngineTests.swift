import Foundation
import SQLKit
import Synchronization
import TestSupport
import Testing

@testable import CommerceStore

/// The engines' promises about durability, transactions and closing (issue 10, items 5 and 6).
@Suite struct EngineTests {
    /// What the engine says about flushing a commit to disk.
    static func syncSetting(_ store: Store) async throws -> String {
        try await store.engine.withDatabase { db in
            if store.engineName == "sqlite" {
                // 2 is FULL, 1 NORMAL.
                return String(try await db.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self) ?? -1)
            }
            return try await db.raw("SHOW synchronous_commit").first()?.decode(column: "synchronous_commit", as: String.self) ?? "?"
        }
    }

    @Test(arguments: TestEngine.all) func aStoreIsDurableUnlessToldOtherwise(_ engine: TestEngine) async throws {
        for (durability, expected) in [(Durability.full, engine == .sqlite ? "2" : "on"), (.relaxed, engine == .sqlite ? "1" : "off")] {
            let folder = temporaryDataFolder("pc-durability")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let store = try await Store.open(engine.location(folder: folder), durability: durability)
            let setting = try await Self.syncSetting(store)
            await store.close()
            #expect(setting == expected, "\(durability)")
        }
        let folder = temporaryDataFolder("pc-durability")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try await Store.open(engine.location(folder: folder))
        #expect(try await Self.syncSetting(store) == (engine == .sqlite ? "2" : "on"), "the default is durable")
        await store.close()
    }

    /// Closing a store while requests keep arriving: every operation ends (done, or refused with
    /// `StoreError.closed`), none waits forever. On PostgreSQL the pool used to be cancelled under leased
    /// connections, and the next query on one of them never completed.
    @Test(arguments: TestEngine.all) func closingUnderLoadLeavesNoOperationWaitingForever(_ engine: TestEngine) async throws {
        for _ in 0..<5 {
            let folder = temporaryDataFolder("pc-close")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let store = try await Store.open(engine.location(folder: folder))
            let finished = Counter()
            let work = Task {
                await withTaskGroup(of: Void.self) { group in
                    for worker in 0..<32 {
                        group.addTask {
                            // Reads and transactions, before and after the close, for 0.3 s.
                            let end = Date().addingTimeInterval(0.3)
                            var round = 0
                            while Date() < end {
                                round += 1
                                if (worker + round) % 2 == 0 {
                                    _ = try? await store.customerExists(id: UUID().uuidString)
                                } else {
                                    _ = try? await store.purgeRequestRecords(olderThan: Date(timeIntervalSince1970: 0))
                                }
                            }
                            finished.add()
                        }
                    }
                    group.addTask {
                        try? await Task.sleep(for: .milliseconds(100))
                        await store.close()
                    }
                }
            }
            // A hang must fail the test, not stall the suite: give the work a generous while, then look.
            let deadline = Date().addingTimeInterval(30)
            while finished.count < 32, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(finished.count == 32, "operations still waiting after the store closed")
            guard finished.count == 32 else { return }
            await work.value
            await #expect(throws: StoreError.closed) { try await store.customerExists(id: UUID().uuidString) }
        }
    }

    /// Limit counters are written by every call; on PostgreSQL they are unlogged, so counting does not wait for a
    /// WAL flush (BENCHMARKS.md, "Limits shared by nodes"). Data tables stay logged.
    @Test(.enabled(if: TestEngine.databaseURL != nil, "DATABASE_URL is not set"))
    func onlyTheLimitCountersAreUnlogged() async throws {
        try await withTemporaryStore(.postgres) { store, _ in
            let unlogged = try await store.engine.withDatabase { db in
                try await db.raw(
                    "SELECT relname FROM pg_class WHERE relpersistence = 'u' AND relkind = 'r' AND relnamespace = current_schema()::regnamespace"
                )
                .all().map { try $0.decode(column: "relname", as: String.self) }
            }
            #expect(Set(unlogged) == ["throttle_cells", "sign_in_failures"])
        }
    }

    struct Boom: Error {}

    /// Transactions that overlap share commits on SQLite (GroupCommit): one that fails must take nothing of the
    /// others with it, and each caller must get its own value, on both engines.
    @Test(arguments: TestEngine.all) func overlappingTransactionsFailAlone(_ engine: TestEngine) async throws {
        try await withTemporaryStore(engine) { store, _ in
            let results = await withTaskGroup(of: (Int, Result<Int, any Error>).self) { group in
                for index in 0..<60 {
                    group.addTask {
                        let result = await outcome {
                            try await store.engine.withTransaction { db in
                                try await db.insert(into: "store_settings").columns("name", "value").values(SQLBind("overlap-\(index)"), SQLBind("x"))
                                    .run()
                                if index % 4 == 0 { throw Boom() }
                                return index
                            }
                        }
                        return (index, result)
                    }
                }
                return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            let names = try await store.engine.withDatabase { db in
                try await db.select().column("name").from("store_settings").all().map { try $0.decode(column: "name", as: String.self) }
            }
            for index in 0..<60 {
                if index % 4 == 0 {
                    #expect(throws: Boom.self) { try results[index]?.get() }
                    #expect(!names.contains("overlap-\(index)"), "a failed transaction's write was kept")
                } else {
                    #expect(try results[index]?.get() == index)
                    #expect(names.contains("overlap-\(index)"), "a write was lost with another's failure")
                }
            }
        }
    }

    final class Counter: Sendable {
        private let value = Mutex(0)
        var count: Int { value.withLock { $0 } }
        func add() { value.withLock { $0 += 1 } }
    }

    /// A transaction whose `ROLLBACK` fails (as when the connection breaks halfway) must not go back to the pool
    /// still open: the next request on that connection would commit the abandoned writes with its own.
    @Test(.enabled(if: TestEngine.databaseURL != nil, "DATABASE_URL is not set"))
    func aConnectionWhoseRollbackFailedIsNeverLentAgain() async throws {
        let schema = "t_rollback_\(UUID().uuidString.prefix(8).lowercased())"
        let location = StoreLocation.postgres(url: TestEngine.databaseURL ?? "", poolSize: 2, schema: schema)
        let store = try await Store.open(location)
        await #expect(throws: Boom.self) {
            try await FaultPoint.$armed.withValue(.failRollback) {
                try await store.engine.withTransaction { db in
                    try await db.insert(into: "store_settings").columns("name", "value").values(SQLBind("abandoned"), SQLBind("x")).run()
                    throw Boom()
                }
            }
        }
        for index in 0..<10 {
            try await store.engine.withTransaction { db in
                try await db.insert(into: "store_settings").columns("name", "value").values(SQLBind("after-\(index)"), SQLBind("x")).run()
            }
        }
        await store.close()
        // Fresh connections see what was committed, and only that.
        let observer = try await Store.open(location)
        let names = try await observer.engine.withDatabase { db in
            try await db.select().column("name").from("store_settings").all().map { try $0.decode(column: "name", as: String.self) }
        }
        await observer.close()
        #expect(!names.contains("abandoned"), "the abandoned write was committed by a later transaction")
        #expect(names.filter { $0.hasPrefix("after-") }.count == 10)
    }
}

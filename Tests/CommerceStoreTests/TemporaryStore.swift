import CommerceStore
import Foundation
import TestSupport

/// A real store for one test, on the given engine: a SQLite file in a fresh folder, or a fresh PostgreSQL
/// schema; closed (and the folder removed) afterwards.
func withTemporaryStore<T>(_ engine: TestEngine, _ body: (Store, String) async throws -> T) async throws -> T {
    let folder = temporaryDataFolder("pc-store")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try await Store.open(engine.location(folder: folder))
    do {
        let value = try await body(store, folder)
        await store.close()
        return value
    } catch {
        await store.close()
        throw error
    }
}

import CommerceStore
import Foundation

/// A real SQLite store in a fresh temporary folder, removed afterwards.
func withTemporaryStore<T>(_ body: (Store, String) async throws -> T) async throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pc-store-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try await Store.open(.sqlite(directory: folder))
    do {
        let value = try await body(store, folder)
        await store.close()
        return value
    } catch {
        await store.close()
        throw error
    }
}

import ArgumentParser
import CommerceCore
import CommerceServer
import CommerceStore

/// Opens the store for a one-shot command (with the catalog every store has, but never the demo partner: only
/// `serve` decides that), runs `body`, and closes it whatever happens. A rule's refusal becomes a plain error message, not a stack of types.
func withOpenedStore<T: Sendable>(_ options: StoreOptions, _ body: (Store) async throws -> T) async throws -> T {
    let store = try await Store.open(options.location)
    do {
        try await DemoData.ensureCatalog(in: store)
        let result = try await body(store)
        await store.close()
        return result
    } catch let error as CommerceError {
        await store.close()
        throw ValidationError(error.description)
    } catch {
        await store.close()
        throw error
    }
}

import CommerceCore
import CommerceStore

/// The catalog as this node last loaded it. Each read asks the store for the catalog version (one tiny
/// query) and reloads only when another process imported a new catalog, so every node serves the same one.
actor CatalogCache {
    private let store: Store
    private var version = -1
    private var catalog: Catalog?

    init(store: Store) { self.store = store }

    func current() async throws -> Catalog {
        let latest = try await store.catalogVersion()
        if let catalog, latest == version { return catalog }
        let fresh = try Catalog(try await store.loadCatalog())
        catalog = fresh
        version = latest
        return fresh
    }
}

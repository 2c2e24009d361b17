import CommerceCore
import CommerceStore
import Synchronization

/// The catalog as this node last loaded it, so every node serves the same one without reading it per request.
///
/// A catalog imported by this process is seen at once (`Store.catalogChanges`). One imported by another process
/// (the CLI, another node) is seen within `recheckAfter`: only then is the store asked for its catalog version
/// (one tiny query), and the catalog reloaded when it changed.
final class CatalogCache: Sendable {
    /// How long a loaded catalog is served before the store's version is read again.
    static let recheckAfter: Duration = .seconds(1)

    private struct Loaded: Sendable {
        var catalog: Catalog
        var version: Int
        var generation: Int
        var checkedAt: ContinuousClock.Instant
    }

    private let store: Store
    private let loaded = Mutex<Loaded?>(nil)
    private let clock = ContinuousClock()

    init(store: Store) { self.store = store }

    func current() async throws -> Catalog {
        let generation = store.catalogChanges.generation
        let now = clock.now
        if let hit = loaded.withLock({ $0 }), hit.generation == generation, hit.checkedAt.duration(to: now) < Self.recheckAfter {
            return hit.catalog
        }
        let latest = try await store.catalogVersion()
        if let hit = loaded.withLock({ $0 }), hit.version == latest {
            loaded.withLock { $0 = Loaded(catalog: hit.catalog, version: latest, generation: generation, checkedAt: now) }
            return hit.catalog
        }
        let fresh = try Catalog(try await store.loadCatalog())
        loaded.withLock { $0 = Loaded(catalog: fresh, version: latest, generation: generation, checkedAt: now) }
        return fresh
    }
}

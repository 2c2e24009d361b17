import Synchronization

/// Counts this process's revocations (a partner disabled, an app deleted, a user disabled), so what was cached
/// about a token's subjects is known to be stale the moment one commits here. Other processes and nodes are
/// not seen; whoever caches must also re-read after a short while.
public final class IdentityChanges: Sendable {
    private let value = Atomic<Int>(0)

    public init() {}

    /// Changes with every revocation; read it before looking subjects up, and compare it when reusing them.
    public var generation: Int { value.load(ordering: .acquiring) }

    func bump() { value.add(1, ordering: .releasing) }
}

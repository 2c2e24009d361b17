import Synchronization

/// Counts the changes of one kind this process commits, so whatever a node caches about that kind is known to
/// be stale the moment one commits here. Other processes and nodes are not seen; whoever caches must also read
/// again after a short while.
public final class ChangeCounter: Sendable {
    private let value = Atomic<Int>(0)

    public init() {}

    /// Changes with every change counted; read it before reading what is cached, and compare it when reusing that.
    public var generation: Int { value.load(ordering: .acquiring) }

    func bump() { value.add(1, ordering: .releasing) }
}

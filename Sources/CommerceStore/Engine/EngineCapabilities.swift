/// What an engine can do, named, so the store asks for a capability instead of sniffing the SQL dialect.
public struct EngineCapabilities: Sendable, Equatable {
    /// Rows can be locked for update and locked rows skipped (`FOR UPDATE SKIP LOCKED`), so several workers can
    /// claim different rows of one table at once. Without it the engine lets one writer in at a time anyway.
    public var skipLockedRows: Bool
    /// Any number of processes serve this store as nodes behind a load balancer, so counters that must hold
    /// across nodes (throttling, the sign-in lockout) are kept in the store rather than in each process.
    public var sharedByNodes: Bool

    public init(skipLockedRows: Bool, sharedByNodes: Bool) {
        self.skipLockedRows = skipLockedRows
        self.sharedByNodes = sharedByNodes
    }
}

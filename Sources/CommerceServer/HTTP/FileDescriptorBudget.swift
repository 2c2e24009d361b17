#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's open-file limit, read at start and raised to its hard limit where the system lets it, and what
/// it means for connections: each one is a descriptor, and a server out of descriptors cannot accept, open its
/// store or reach its database. So the connection cap leaves a reserve below the limit.
public struct FileDescriptorBudget: Sendable, Equatable {
    /// The soft limit in force after raising it.
    public let openFiles: Int
    /// How many client connections the server holds at most.
    public let connections: Int

    /// Descriptors kept for everything but clients: the store's files or database pool, the listening socket,
    /// the event loops' own descriptors, outgoing webhook deliveries, logs. An eighth of the limit, at least 64.
    static func reserve(for openFiles: Int) -> Int { max(64, openFiles / 8) }

    init(openFiles: Int) {
        self.openFiles = openFiles
        self.connections = max(openFiles - Self.reserve(for: openFiles), 1)
    }

    /// Raises the soft limit to the hard one (at most 1,048,576; the kernel refuses more on most systems) and
    /// answers the budget it gives.
    public static func raised() -> Self {
        var limit = rlimit()
        guard getrlimit(Self.resource, &limit) == 0 else { return Self(openFiles: 1024) }
        let wanted = min(limit.rlim_max, 1 << 20)
        if limit.rlim_cur < wanted {
            var raised = limit
            raised.rlim_cur = wanted
            if setrlimit(Self.resource, &raised) == 0 { limit = raised }
        }
        return Self(openFiles: Int(clamping: limit.rlim_cur))
    }

    #if canImport(Glibc)
        private static let resource = __rlimit_resource_t(UInt32(RLIMIT_NOFILE.rawValue))
    #else
        private static let resource = RLIMIT_NOFILE
    #endif
}

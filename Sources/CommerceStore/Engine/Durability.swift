/// When a committed write is safe (ARCHITECTURE decision 10).
public enum Durability: String, Sendable, CaseIterable {
    /// A commit returns once the write is on disk: a 2xx survives power loss and an OS crash (SQLite
    /// `synchronous = FULL`, PostgreSQL `synchronous_commit = on`). The default.
    case full
    /// A commit may return before the write reaches the disk: it survives the process dying, but the last
    /// moments of writes can be lost with the machine (SQLite `synchronous = NORMAL`, PostgreSQL
    /// `synchronous_commit = off`). For throwaway sandboxes.
    case relaxed
}

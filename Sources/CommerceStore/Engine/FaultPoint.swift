#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Places where a test can make the store fail on purpose, to prove what a crash or a broken connection leaves
/// behind. Armed per task (a task-local), so only the request a test marks is affected; the server arms them
/// only when started with `PARTNER_COMMERCE_FAULT_POINTS=1`.
public enum FaultPoint: String, Sendable, Equatable {
    /// The process is killed (SIGKILL) inside the transaction, just before `COMMIT`.
    case crashBeforeCommit = "before-commit"
    /// The process is killed once the request's writes have committed, before its answer is sent (the server
    /// checks this one, after the handler).
    case crashAfterCommit = "after-commit"
    /// `ROLLBACK` fails, as it does when the connection breaks halfway.
    case failRollback = "fail-rollback"

    /// The fault armed for the current task, if any.
    @TaskLocal public static var armed: FaultPoint?

    /// Dies now, as a power cut or the OOM killer would end the process: no clean-up, no flushing.
    public static func crash() -> Never {
        kill(getpid(), SIGKILL)
        // SIGKILL cannot be caught; this only keeps the compiler sure the process does not go on.
        _exit(137)
    }

    /// What an injected `ROLLBACK` failure throws.
    struct InjectedFailure: Error {}
}

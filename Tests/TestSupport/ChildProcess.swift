import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A program the tests start, through `posix_spawn` rather than Foundation's `Process`: on Linux,
/// `Process.run()` over-reads while listing `/proc/self/fd` and crashes once the test process holds about 1,350
/// descriptors (swift-corelibs-foundation#5472), which the suite reaches with its servers and stores running in
/// parallel. Descriptors the test process has open are closed in the child, as `Process` does.
public final class ChildProcess: @unchecked Sendable {
    /// Where a standard stream of the child goes.
    public enum Stream: Sendable {
        case null
        case pipe
        case file(String)
    }

    public let processIdentifier: pid_t
    /// The read end of the child's standard output, or error, when that was `.pipe`.
    public let standardOutput: FileHandle?
    public let standardError: FileHandle?
    private let exit = NSLock()
    private var status: (code: Int32, signalled: Bool)?

    public init(
        _ executable: String, _ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
        output: Stream = .null, error: Stream = .null
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var parentEnds: [Int32] = []
        var childEnds: [Int32] = []
        func route(_ stream: Stream, to target: Int32) throws -> FileHandle? {
            switch stream {
            case .null:
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
                return nil
            case .file(let path):
                posix_spawn_file_actions_addopen(&actions, target, path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
                return nil
            case .pipe:
                var ends: [Int32] = [0, 0]
                guard pipe(&ends) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                // Close-on-exec, so a child another test starts meanwhile does not hold this pipe open.
                _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
                _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
                posix_spawn_file_actions_adddup2(&actions, ends[1], target)
                parentEnds.append(ends[0])
                childEnds.append(ends[1])
                return FileHandle(fileDescriptor: ends[0], closeOnDealloc: true)
            }
        }
        standardOutput = try route(output, to: 1)
        standardError = try route(error, to: 2)
        // FileManager lists the directory safely; an fd closed since is skipped by the child (EBADF is ignored).
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap(Int32.init) where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }

        // The child dies with the test runner (`ParentDeath`), so it is spawned from the one long-lived thread.
        let (program, words) = ParentDeath.wrapped(executable, arguments)
        let argv = words.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        // The stop signals at their defaults: the runner may ignore SIGTERM and SIGINT (swift-service-lifecycle
        // watches them through Dispatch), and an ignored signal is inherited by a child that never asks for it.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // Nor is a signal blocked in the spawning thread left blocked in the child.
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let (result, pid) = withUnsafePointer(to: &actions) { actions in
            withUnsafePointer(to: &attributes) { attributes in
                Spawner.shared.run {
                    var pid: pid_t = 0
                    return (posix_spawn(&pid, program, actions, attributes, argv, envp), pid)
                }
            }
        }
        for fd in childEnds { close(fd) }
        guard result == 0 else {
            for fd in parentEnds { close(fd) }
            throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO)
        }
        processIdentifier = pid
    }

    /// Waits for the child to end; returns its exit code, or the signal that ended it.
    @discardableResult
    public func waitUntilExit() -> Int32 {
        if let status = exit.withLock({ status }) { return status.code }
        var raw: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(processIdentifier, &raw, 0) } while result == -1 && errno == EINTR
        guard result == processIdentifier else {
            // Another thread reaped it (ECHILD): its status is on the way.
            while true {
                if let status = exit.withLock({ status }) { return status.code }
                usleep(1_000)
            }
        }
        // WIFSIGNALED / WTERMSIG / WEXITSTATUS, which Swift does not import as functions.
        let signal = raw & 0x7f
        let ended = signal != 0 && signal != 0x7f ? (signal, true) : ((raw >> 8) & 0xff, false)
        exit.withLock { status = ended }
        return ended.0
    }

    /// Whether the child has ended and been waited for.
    public var hasEnded: Bool { exit.withLock { status != nil } }

    /// Whether a signal ended the child (call after `waitUntilExit`).
    public var wasSignalled: Bool { exit.withLock { status?.signalled ?? false } }

    /// Sends `signal` to the child.
    public func send(_ signal: Int32) { kill(processIdentifier, signal) }
}

import Foundation

/// Runs blocking work (a child's exit, a pipe read) on a thread of its own and awaits it. Blocking one of Swift's
/// cooperative threads instead starves every in-process server of the test process: on 2 cores the pool has two.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}

extension ChildProcess {
    /// Waits for the child to end without holding a cooperative thread; returns its exit code or signal.
    @discardableResult
    public func exited() async -> Int32 {
        (try? await offThePool { self.waitUntilExit() }) ?? -1
    }

    /// Sends `signal` and waits at most `grace` seconds for the child to end, then kills it: a child that hangs on
    /// shutdown fails its test instead of stalling the suite. Returns the exit code (or `SIGKILL` after the grace).
    public func stop(_ signal: Int32, grace: Double = 20) async -> Int32 {
        send(signal)
        let watchdog = Task {
            try await Task.sleep(for: .seconds(grace))
            self.send(SIGKILL)
        }
        defer { watchdog.cancel() }
        return await exited()
    }

    /// Ends the child in the background, for a `defer` that cannot await; killed if it is still there after 20 s.
    public func stopInBackground(_ signal: Int32 = SIGTERM) {
        send(signal)
        Thread.detachNewThread { self.waitUntilExit() }
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 20)
            if !self.hasEnded { self.send(SIGKILL) }
        }
    }
}

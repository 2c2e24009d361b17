import Synchronization

/// Counts the operations in flight on an engine so it can close without cutting any of them off: `close` refuses
/// new operations at once, then waits for the running ones to finish.
///
/// PostgreSQL needs it: cancelling postgres-nio's pool (`PostgresClient.run()`) while operations hold or wait for
/// its connections left some of them waiting forever, and the requests behind them with them
/// (`EngineTests.closingUnderLoadLeavesNoOperationWaitingForever` reproduced it: 4 of 32 never finished). A
/// query on a connection whose server went away does fail promptly; it is the pool's forced shutdown under load
/// that must not happen, so the engine drains first.
final class InFlightGate: Sendable {
    private struct State {
        var closed = false
        var inFlight = 0
        var drained: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Runs `body` as one operation; throws `StoreError.closed` once the gate is closing.
    func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let admitted = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.inFlight += 1
            return true
        }
        guard admitted else { throw StoreError.closed }
        defer { leave() }
        return try await body()
    }

    private func leave() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.inFlight -= 1
            guard state.closed, state.inFlight == 0 else { return [] }
            defer { state.drained = [] }
            return state.drained
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Refuses every later operation and returns once none is running. Closing twice is harmless.
    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state -> Bool in
                state.closed = true
                guard state.inFlight > 0 else { return true }
                state.drained.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }
}

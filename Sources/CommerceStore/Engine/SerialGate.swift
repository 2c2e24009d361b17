/// A first-come, first-served async lock: one holder at a time, the rest wait without blocking a thread.
actor SerialGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func leave() {
        if waiters.isEmpty {
            busy = false
        } else {
            // Hand the lock straight to the next waiter so nobody can overtake it.
            waiters.removeFirst().resume()
        }
    }

    /// Set by `close`: every later `run` fails at once instead of touching what was closed.
    private var isClosed = false

    /// Runs `body` while holding the lock; throws `StoreError.closed` once the gate is closed.
    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await enter()
        guard !isClosed else {
            leave()
            throw StoreError.closed
        }
        do {
            let value = try await body()
            leave()
            return value
        } catch {
            leave()
            throw error
        }
    }

    /// Runs `last` once no statement is in flight, then refuses everything after it. Closing twice is harmless.
    func close(_ last: @Sendable () async -> Void) async {
        await enter()
        if !isClosed {
            isClosed = true
            await last()
        }
        leave()
    }
}

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

    /// Runs `body` while holding the lock.
    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await enter()
        do {
            let value = try await body()
            leave()
            return value
        } catch {
            leave()
            throw error
        }
    }
}

import Synchronization

/// Lets a clock move settle on its own: while `/_admin/clock` runs what the move made due (``ClockSettler``), this
/// node's background passes do not start, and the settles themselves take turns, so renewals, fulfilment and
/// webhook deliveries happen once each, in time order, and are done when the call returns.
final class BackgroundGate: Sendable {
    private struct State {
        var settling = false
        var waiting: [CheckedContinuation<Void, Never>] = []
        var running = 0
    }

    private let state = Mutex(State())

    /// Whether a background pass may start now (not while a settle holds the gate); a `true` is paired with ``leave()``.
    func enter() -> Bool {
        state.withLock { state in
            guard !state.settling else { return false }
            state.running += 1
            return true
        }
    }

    func leave() { state.withLock { $0.running -= 1 } }

    /// A background pass, skipped while a settle holds the gate (the next one runs after it).
    func pass(_ body: () async -> Void) async {
        guard enter() else { return }
        await body()
        leave()
    }

    /// Runs `body` alone: after the background passes under way have finished, with none starting until it returns,
    /// and after any settle before it.
    func settle<T: Sendable>(_ body: () async -> T) async -> T {
        await withCheckedContinuation { (turn: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state in
                if state.settling {
                    state.waiting.append(turn)
                    return false
                }
                state.settling = true
                return true
            }
            if now { turn.resume() }
        }
        // Passes under way finish first; they are short (one claim's worth of work).
        while state.withLock({ $0.running }) > 0 { try? await Task.sleep(for: .milliseconds(5)) }
        let result = await body()
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiting.isEmpty else {
                state.settling = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
        return result
    }
}

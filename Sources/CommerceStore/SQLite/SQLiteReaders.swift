import Logging
import Synchronization

/// The read-only connections beside the writer (WAL lets each read the last commit while a write is under way).
///
/// A read checks one out, runs its statements on its own thread — no hop: a point read costs microseconds, less
/// than handing it to another thread would — and gives it back. Connections are opened as reads need them, up to
/// `limit`; past that a read waits for one to come back (it does not block its thread while it waits).
final class SQLiteReaders: Sendable {
    private struct State {
        var idle: [SQLiteConnection] = []
        var open = 0
        var lent = 0
        var waiting: [CheckedContinuation<SQLiteConnection?, Never>] = []
        var closed = false
        var drained: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let limit: Int
    private let logger: Logger
    /// Opens one more reader, with its settings.
    private let connect: @Sendable () throws -> SQLiteConnection

    init(limit: Int, logger: Logger, connect: @escaping @Sendable () throws -> SQLiteConnection) {
        self.limit = limit
        self.logger = logger
        self.connect = connect
    }

    /// Opens `count` readers now, so a store that cannot read fails at start rather than at its first request.
    func prepare(_ count: Int) throws {
        let opened = try (0..<min(count, limit)).map { _ in try connect() }
        state.withLock {
            $0.idle += opened
            $0.open += opened.count
        }
    }

    /// Runs `body` with a reader of its own.
    func withReader<T: Sendable>(_ body: (SQLiteSession) async throws -> T) async throws -> T {
        let connection = try await checkOut()
        defer { checkIn(connection) }
        return try await body(SQLiteSession(connection: connection, logger: logger))
    }

    private func checkOut() async throws -> SQLiteConnection {
        enum Next {
            case use(SQLiteConnection)
            case openOne, wait, closed
        }
        let next = state.withLock { state -> Next in
            if state.closed { return .closed }
            if let idle = state.idle.popLast() {
                state.lent += 1
                return .use(idle)
            }
            if state.open < limit {
                state.open += 1
                state.lent += 1
                return .openOne
            }
            return .wait
        }
        switch next {
        case .use(let connection):
            return connection
        case .closed:
            throw StoreError.closed
        case .openOne:
            do {
                return try connect()
            } catch {
                let waiters = state.withLock { state in
                    state.open -= 1
                    state.lent -= 1
                    return finishedLending(&state)
                }
                for waiter in waiters { waiter.resume() }
                throw error
            }
        case .wait:
            let lent: SQLiteConnection? = await withCheckedContinuation { continuation in
                enum Now {
                    case refused
                    case ready(SQLiteConnection)
                    case queued
                }
                let now = state.withLock { state -> Now in
                    guard !state.closed else { return .refused }
                    // Counted as lent now: `checkIn` hands its connection straight to this waiter.
                    state.lent += 1
                    // One may have come back since the first look.
                    if let idle = state.idle.popLast() { return .ready(idle) }
                    state.waiting.append(continuation)
                    return .queued
                }
                switch now {
                case .refused: continuation.resume(returning: nil)
                case .ready(let connection): continuation.resume(returning: connection)
                case .queued: break
                }
            }
            guard let lent else { throw StoreError.closed }
            return lent
        }
    }

    private func checkIn(_ connection: SQLiteConnection) {
        enum Next {
            case handedOver(CheckedContinuation<SQLiteConnection?, Never>)
            case kept([CheckedContinuation<Void, Never>])
        }
        let next = state.withLock { state -> Next in
            state.lent -= 1
            if !state.waiting.isEmpty { return .handedOver(state.waiting.removeFirst()) }
            state.idle.append(connection)
            return .kept(finishedLending(&state))
        }
        switch next {
        case .handedOver(let waiter): waiter.resume(returning: connection)
        case .kept(let drained): for waiter in drained { waiter.resume() }
        }
    }

    /// Those waiting for the close, once nothing is lent any more.
    private func finishedLending(_ state: inout State) -> [CheckedContinuation<Void, Never>] {
        guard state.closed, state.lent == 0 else { return [] }
        defer { state.drained = [] }
        return state.drained
    }

    /// Refuses every later read, waits for the reads under way, then closes every reader.
    func close() async {
        let waiting = state.withLock { state in
            state.closed = true
            defer { state.waiting = [] }
            // Waiters were counted as lent; they get nothing.
            state.lent -= state.waiting.count
            return state.waiting
        }
        for waiter in waiting { waiter.resume(returning: nil) }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state -> Bool in
                guard state.lent > 0 else { return true }
                state.drained.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
        let connections = state.withLock { state in
            defer { state.idle = [] }
            return state.idle
        }
        for connection in connections { connection.close() }
    }
}

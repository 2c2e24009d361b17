import SQLKit
import Synchronization

/// Group commit for the one SQLite writer: transactions that queue while the writer is busy run together in one
/// `BEGIN IMMEDIATE … COMMIT`, so they share one commit and one sync to disk instead of paying for one each.
///
/// - Each member runs inside a savepoint of its own: a member that fails is rolled back to its savepoint and
///   answered with its error at once, and the others go on as if it had never run.
/// - A member's value is handed back only after the shared `COMMIT` has returned, so nobody is told a write is
///   done before it is durable; if the `COMMIT` fails, every member gets that error (none of them was written).
/// - Nobody waits for a batch to fill: a batch is whatever queued while the previous one ran, so a lone
///   transaction runs at once, without a savepoint, exactly as it would without group commit.
/// - Members run on the writer's own thread (`WriterExecutor`), not their callers': the fault a caller armed
///   (`FaultPoint`) is carried with its member and armed again around it. Statements run synchronously there,
///   so the batch's control statements (`SAVEPOINT`, `RELEASE`) cost microseconds, not a thread switch each.
final class GroupCommit: Sendable {
    /// One queued transaction: its work, and how to answer its caller.
    private struct Member: Sendable {
        let fault: FaultPoint?
        let run: @Sendable (any StoreDatabase) async throws -> Void
        let succeed: @Sendable () -> Void
        let fail: @Sendable (any Error) -> Void
    }

    /// Where a member's value waits between its body and the commit.
    private final class Slot<T: Sendable>: Sendable {
        let value = Mutex<T?>(nil)
    }

    private struct Queue {
        var members: [Member] = []
        var draining = false
        var closed = false
        /// Those waiting for the last drain to end (`close`).
        var idle: [CheckedContinuation<Void, Never>] = []
        /// The task of the latest drain: `close` waits for it to have ended before the executor is given back.
        var drainTask: Task<Void, Never>?
    }

    /// The most transactions one commit takes: bounds how long the first of them waits for the last.
    static let maximumBatch = 32

    private let queue = Mutex(Queue())
    private let writer: SQLiteSession
    private let executor: WriterExecutor

    init(writer: SQLiteSession, executor: WriterExecutor) {
        self.writer = writer
        self.executor = executor
    }

    /// Refuses new transactions from now on, and returns once those already queued have been committed or
    /// refused and the task that ran them has ended: after it, nothing uses the writer or its executor.
    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = queue.withLock { state -> Bool in
                state.closed = true
                guard state.draining else { return true }
                state.idle.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
        await queue.withLock { $0.drainTask }?.value
    }

    /// Runs `body` in a transaction, possibly shared with others; returns once its writes are committed.
    func run<T: Sendable>(_ body: @escaping @Sendable (any StoreDatabase) async throws -> T) async throws -> T {
        let fault = FaultPoint.armed
        let slot = Slot<T>()
        return try await withCheckedThrowingContinuation { continuation in
            let member = Member(
                fault: fault,
                run: { db in
                    let value = try await body(db)
                    slot.value.withLock { $0 = value }
                },
                succeed: {
                    guard let value = slot.value.withLock({ $0 }) else { return continuation.resume(throwing: StoreError.closed) }
                    continuation.resume(returning: value)
                },
                fail: { continuation.resume(throwing: $0) }
            )
            let closed = queue.withLock { state in
                if state.closed { return true }
                state.members.append(member)
                if !state.draining {
                    state.draining = true
                    state.drainTask = Task(executorPreference: executor) { await self.drain() }
                }
                return false
            }
            if closed { continuation.resume(throwing: StoreError.closed) }
        }
    }

    /// Runs batches until the queue is empty. Only one drain runs at a time (`draining`).
    private func drain() async {
        while true {
            let (batch, idle): ([Member], [CheckedContinuation<Void, Never>]) = queue.withLock { state in
                let taken = Array(state.members.prefix(Self.maximumBatch))
                state.members.removeFirst(taken.count)
                guard taken.isEmpty else { return (taken, []) }
                state.draining = false
                defer { state.idle = [] }
                return ([], state.idle)
            }
            if batch.isEmpty {
                for waiter in idle { waiter.resume() }
                return
            }
            await commit(batch)
        }
    }

    /// Runs one batch. A failure of a control statement (`SAVEPOINT`, `RELEASE`, `ROLLBACK TO`) leaves the
    /// transaction's state unknown, so the whole batch is then given up.
    private func commit(_ batch: [Member]) async {
        let connection = writer.connection
        let shared = batch.count > 1
        do {
            try connection.execute("BEGIN IMMEDIATE")
        } catch {
            for member in batch { member.fail(error) }
            return
        }
        var committed: [Member] = []
        /// Gives up the transaction: every member not yet answered gets `error`.
        func abandon(from index: Int, _ error: any Error) {
            try? connection.execute("ROLLBACK")
            for member in committed + batch[index...] { member.fail(error) }
        }
        for (index, member) in batch.enumerated() {
            do {
                if shared { try connection.execute("SAVEPOINT member") }
            } catch {
                return abandon(from: index, error)
            }
            let outcome: Result<Void, any Error>
            do {
                try await FaultPoint.$armed.withValue(member.fault) { try await member.run(writer) }
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .success:
                do {
                    if shared { try connection.execute("RELEASE member") }
                } catch {
                    return abandon(from: index, error)
                }
                committed.append(member)
            case .failure(let error):
                do {
                    if member.fault == .failRollback { throw FaultPoint.InjectedFailure() }
                    if shared {
                        try connection.execute("ROLLBACK TO member")
                        try connection.execute("RELEASE member")
                    }
                    member.fail(error)
                } catch let rollbackFailure {
                    member.fail(error)
                    return abandon(from: index + 1, rollbackFailure)
                }
            }
        }
        if committed.isEmpty {
            try? connection.execute("ROLLBACK")
            return
        }
        if batch.contains(where: { $0.fault == .crashBeforeCommit }) { FaultPoint.crash() }
        do {
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            for member in committed { member.fail(error) }
            return
        }
        for member in committed { member.succeed() }
    }
}

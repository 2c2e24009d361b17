import NIOCore
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
/// - Members run on the writer's task (on a thread of its own, `WriterExecutor`), not their callers': the fault a caller armed (`FaultPoint`) is carried
///   with its member and armed again around it.
final class GroupCommit: Sendable {
    /// One queued transaction: its work, and how to answer its caller.
    private struct Member: Sendable {
        let fault: FaultPoint?
        let run: @Sendable (any SQLDatabase) async throws -> Void
        let succeed: @Sendable () -> Void
        let fail: @Sendable (any Error) -> Void
    }

    /// Where a member's value waits between its body and the commit.
    private final class Slot<T: Sendable>: Sendable {
        let value = Mutex<T?>(nil)
    }

    /// The most transactions one commit takes: bounds how long the first of them waits for the last.
    static let maximumBatch = 32

    private let queue = Mutex<(members: [Member], draining: Bool, closed: Bool)>(([], false, false))
    private let database: any SQLDatabase
    private let gate: SerialGate

    init(database: any SQLDatabase, gate: SerialGate) {
        self.database = database
        self.gate = gate
    }

    /// Refuses new transactions from now on; the drain in progress answers what it holds (the gate, closed
    /// first, fails them).
    func close() {
        queue.withLock { $0.closed = true }
    }

    /// Runs `body` in a transaction, possibly shared with others; returns once its writes are committed.
    func run<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
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
            let (startsDraining, closed) = queue.withLock { state in
                if state.closed { return (false, true) }
                state.members.append(member)
                defer { state.draining = true }
                return (!state.draining, false)
            }
            if closed { return continuation.resume(throwing: StoreError.closed) }
            if startsDraining { Task(executorPreference: WriterExecutor.shared) { await self.drain() } }
        }
    }

    /// Runs batches until the queue is empty. Only one drain runs at a time (`draining`).
    private func drain() async {
        while true {
            let batch: [Member] = queue.withLock { state in
                let taken = Array(state.members.prefix(Self.maximumBatch))
                state.members.removeFirst(taken.count)
                if taken.isEmpty { state.draining = false }
                return taken
            }
            if batch.isEmpty { return }
            do {
                try await gate.run { await self.commit(batch) }
            } catch {
                // The gate is closed: the store is shutting down.
                for member in batch { member.fail(error) }
            }
        }
    }

    /// Runs one batch. In a shared batch the savepoint statements are not waited for one by one: the previous
    /// member's `RELEASE` and this member's `SAVEPOINT` are sent together with the member's first statement and
    /// checked once it has run (the writer runs statements in the order sent). If one of them failed, the
    /// transaction's state is unknown, and the whole batch is given up.
    private func commit(_ batch: [Member]) async {
        let db = database
        let shared = batch.count > 1
        do {
            try await db.raw("BEGIN IMMEDIATE").run()
        } catch {
            for member in batch { member.fail(error) }
            return
        }
        var committed: [Member] = []
        var unsettled: [EventLoopFuture<Void>] = []
        /// Gives up the transaction: every member not yet answered gets `error`.
        func abandon(from index: Int, _ error: any Error) async {
            try? await db.raw("ROLLBACK").run()
            for member in committed + batch[index...] { member.fail(error) }
        }
        for (index, member) in batch.enumerated() {
            if shared { unsettled.append(db.raw("SAVEPOINT member").run()) }
            let outcome: Result<Void, any Error>
            do {
                try await FaultPoint.$armed.withValue(member.fault) { try await member.run(db) }
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            do {
                try await pipelined(unsettled)
                unsettled = []
            } catch {
                return await abandon(from: index, error)
            }
            switch outcome {
            case .success:
                committed.append(member)
                if shared { unsettled.append(db.raw("RELEASE member").run()) }
            case .failure(let error):
                do {
                    if member.fault == .failRollback { throw FaultPoint.InjectedFailure() }
                    if shared {
                        try await db.raw("ROLLBACK TO member").run()
                        try await db.raw("RELEASE member").run()
                    }
                    member.fail(error)
                } catch let rollbackFailure {
                    member.fail(error)
                    return await abandon(from: index + 1, rollbackFailure)
                }
            }
        }
        do {
            try await pipelined(unsettled)
        } catch {
            return await abandon(from: batch.count, error)
        }
        if committed.isEmpty {
            try? await db.raw("ROLLBACK").run()
            return
        }
        if batch.contains(where: { $0.fault == .crashBeforeCommit }) { FaultPoint.crash() }
        do {
            try await db.raw("COMMIT").run()
        } catch {
            try? await db.raw("ROLLBACK").run()
            for member in committed { member.fail(error) }
            return
        }
        for member in committed { member.succeed() }
    }
}

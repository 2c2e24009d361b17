import NIOCore

/// Waits for statements that were all sent before the first answer was awaited, so they cost the connection one
/// wait instead of one each (each `run()` without `await` sends its statement at once). The engines run a
/// session's statements in the order they were sent: SQLite's writer has one thread, and a PostgreSQL connection
/// queues its queries. Every statement is waited for, even after one failed, so none is still running when the
/// caller rolls back; the first failure is thrown.
func pipelined(_ statements: [EventLoopFuture<Void>]) async throws {
    var failure: (any Error)?
    for statement in statements {
        do {
            try await statement.get()
        } catch {
            failure = failure ?? error
        }
    }
    if let failure { throw failure }
}

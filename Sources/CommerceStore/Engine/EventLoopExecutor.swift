import NIOCore
import Synchronization

/// A PostgreSQL connection's event loop as the executor of the code that uses the connection (`PostgresEngine`).
///
/// A statement's answer arrives on that loop. Without this, the task waiting for it resumes on Swift's shared pool
/// (one thread switch) and sends the next statement back to the loop (another): two switches a statement, and a
/// checkout sends about fifteen. With it, the task resumes on the loop itself and the next statement is written
/// from there, in the same turn of the loop.
///
/// One executor per loop, for the life of the process: a task holds its executor preference unowned, and the
/// loops are NIO's shared ones, which live as long.
final class EventLoopExecutor: TaskExecutor {
    private let loop: any EventLoop

    private init(loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    private static let executors = Mutex<[ObjectIdentifier: EventLoopExecutor]>([:])

    /// The executor of `loop`.
    static func of(_ loop: any EventLoop) -> EventLoopExecutor {
        executors.withLock { executors in
            if let executor = executors[ObjectIdentifier(loop)] { return executor }
            let executor = EventLoopExecutor(loop: loop)
            executors[ObjectIdentifier(loop)] = executor
            return executor
        }
    }
}

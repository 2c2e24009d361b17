import NIOCore
import NIOPosix

/// The thread SQLite writers' tasks run on (`GroupCommit`), shared by every store in the process and living as
/// long as it, as NIO's singletons do. It never blocks: the writers' statements run on each store's own
/// statement thread (`SQLiteEngine`), and here only the code between them.
///
/// The writer is the one serial path of the embedded store: every statement it awaits resumes it, and on the
/// shared cooperative pool each resumption queues behind whatever the request tasks are computing (planning,
/// JSON). Preferring this executor, the writer's code and the code it calls run here instead, so it waits only
/// for SQLite.
final class WriterExecutor: TaskExecutor {
    static let shared = WriterExecutor()

    private let loop: any EventLoop

    private init() {
        loop = MultiThreadedEventLoopGroup(numberOfThreads: 1).next()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

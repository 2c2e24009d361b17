import NIOCore
import NIOPosix

/// A thread of its own for the SQLite writer's task (`GroupCommit`), as a task executor.
///
/// The writer is the one serial path of the embedded store: every statement it awaits resumes it, and on the
/// shared cooperative pool each resumption queues behind whatever the request tasks are computing (planning,
/// JSON). Preferring this executor, the writer's code and the code it calls run here instead, so it waits only
/// for SQLite.
final class WriterExecutor: TaskExecutor {
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let loop: any EventLoop

    init() { loop = group.next() }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    func shutdown() async {
        try? await group.shutdownGracefully()
    }
}

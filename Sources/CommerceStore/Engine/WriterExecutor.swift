import NIOCore
import NIOPosix

/// The thread one SQLite store's writer runs on (`GroupCommit`): every statement of every write, and the code
/// between them.
///
/// Statements run synchronously (`SQLiteConnection`), so this thread blocks while SQLite works, syncs the WAL at
/// a commit, or waits out its busy timeout when another process (the CLI, a second `serve`) holds the file's
/// write lock. That is why it is a thread of its own, one per store: blocking it holds up no request task and no
/// other store. A write costs the caller two thread switches (to here, and back when it is committed), however
/// many statements it runs.
final class WriterExecutor: TaskExecutor {
    private let group: MultiThreadedEventLoopGroup
    private let loop: any EventLoop

    init() {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        loop = group.next()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Stops the thread once the jobs already queued have run. Not from a job of this executor.
    func shutdown() async {
        try? await group.shutdownGracefully()
    }
}

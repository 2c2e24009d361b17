import NIOCore
import NIOPosix
import Synchronization

/// The thread one SQLite store's writer runs on (`GroupCommit`): every statement of every write, and the code
/// between them.
///
/// Statements run synchronously (`SQLiteConnection`), so this thread blocks while SQLite works, syncs the WAL at
/// a commit, or waits out its busy timeout when another process (the CLI, a second `serve`) holds the file's
/// write lock. That is why a store has one to itself while it is open: blocking it holds up no request task and
/// no other store. A write costs the caller two thread switches (to here, and back when it is committed), however
/// many statements it runs.
///
/// Executors live as long as the process and are lent to stores (`lend`, `giveBack`): a task holds its executor
/// preference unowned, so an executor freed while a task that preferred it still ran would leave a dangling
/// pointer. A process holds as many as it ever had SQLite stores open at once.
final class WriterExecutor: TaskExecutor {
    private let loop: any EventLoop

    private init() {
        loop = MultiThreadedEventLoopGroup(numberOfThreads: 1).next()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    private static let idle = Mutex<[WriterExecutor]>([])

    /// An executor no open store uses.
    static func lend() -> WriterExecutor {
        idle.withLock { $0.popLast() } ?? WriterExecutor()
    }

    /// Returns an executor whose store has closed; no task of that store may still prefer it.
    static func giveBack(_ executor: WriterExecutor) {
        idle.withLock { $0.append(executor) }
    }
}

import Foundation
import Synchronization

/// A task executor with one thread of its own, outside Swift's cooperative pool. A test that must block a
/// cooperative thread until some async work is done (a synchronous callback waiting for a racing writer) runs that
/// work here: on 2 cores the pool has two threads, and if both waited on work queued behind them, nothing would run.
public final class ThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let jobs = Mutex<[UnownedJob]>([])
    private let ready = DispatchSemaphore(value: 0)

    public init() {
        Thread.detachNewThread { [unowned self] in
            while true {
                self.ready.wait()
                guard let job = self.jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { continue }
                job.runSynchronously(on: self.asUnownedTaskExecutor())
            }
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        jobs.withLock { $0.append(unowned) }
        ready.signal()
    }

    /// The one shared by the test process; its thread lives as long as the process.
    public static let shared = ThreadExecutor()
}

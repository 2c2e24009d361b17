import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Ties every child the tests start to the test runner's life: the child is started through util-linux's
/// `setpriv --pdeathsig KILL`, so the kernel kills it when the runner dies, however it dies (a crash, SIGKILL, a CI
/// timeout). Without it, a `serve` child outlives a killed runner and keeps its port and data folder.
///
/// Linux sends the parent-death signal when the *thread* that spawned the child ends, not the process, so every
/// child is spawned from one thread that lives as long as the process (`Spawner`): spawning from `offThePool`'s
/// short-lived threads would kill the child as soon as that thread returned.
enum ParentDeath {
    /// `setpriv`, when this machine has it (Debian's util-linux does); without it children are started as they are.
    static let setpriv: String? = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The program and arguments that start `executable` with the parent-death signal set.
    static func wrapped(_ executable: String, _ arguments: [String]) -> (String, [String]) {
        guard let setpriv else { return (executable, [executable] + arguments) }
        return (setpriv, ["setpriv", "--pdeathsig", "KILL", "--", executable] + arguments)
    }
}

/// One thread for the life of the process that runs whatever is handed to it, in order, and waits for nothing else.
final class Spawner: @unchecked Sendable {
    static let shared = Spawner()

    private let condition = NSCondition()
    private var pending: [() -> Void] = []

    private init() {
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = "child-process-spawner"
        thread.start()
    }

    /// Runs `work` on the spawner thread and returns its result.
    func run<T>(_ work: @escaping () -> T) -> T {
        var result: T?
        let done = DispatchSemaphore(value: 0)
        condition.lock()
        pending.append {
            result = work()
            done.signal()
        }
        condition.signal()
        condition.unlock()
        done.wait()
        return result!
    }

    private func loop() {
        while true {
            condition.lock()
            while pending.isEmpty { condition.wait() }
            let next = pending.removeFirst()
            condition.unlock()
            next()
        }
    }
}

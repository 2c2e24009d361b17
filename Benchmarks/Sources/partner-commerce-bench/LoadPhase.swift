import Foundation
import Histogram
import Synchronization

/// What one phase measured: how many operations finished, how fast, and how they were answered.
struct PhaseResult: Sendable {
    var name: String
    var completed: Int = 0
    var seconds: Double = 0
    /// Latencies in microseconds.
    var latencies = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
    /// Answers that were not the expected status, by status (0 = the request failed before an answer).
    var errors: [Int: Int] = [:]

    var perSecond: Double { seconds > 0 ? Double(completed) / seconds : 0 }

    func milliseconds(_ percentile: Double) -> Double { Double(latencies.valueAtPercentile(percentile)) / 1000 }

    mutating func merge(_ other: PhaseResult) {
        completed += other.completed
        latencies.add(other.latencies)
        errors.merge(other.errors, uniquingKeysWith: +)
    }

    /// One line a person reads: rate, percentiles, errors.
    var summary: String {
        let errorText = errors.isEmpty ? "none" : errors.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")
        return String(
            format: "%-9@ %8.0f /s  n=%-7d p50 %7.2f ms  p90 %7.2f  p99 %7.2f  p99.9 %7.2f  max %7.2f  errors: %@",
            name as NSString, perSecond, completed, milliseconds(50), milliseconds(90), milliseconds(99), milliseconds(99.9),
            Double(latencies.max) / 1000, errorText as NSString
        )
    }
}

/// What one timed operation reports: whether it succeeded, and the status it got when it did not.
enum Outcome: Sendable {
    case ok
    case failed(status: Int)
}

/// Runs `operation` from `concurrency` tasks until `duration` has passed or `operation` says there is no more work
/// (returns `nil`), timing each call. Each task keeps its own histogram, so the tasks share nothing while timed.
func runPhase(
    _ name: String, concurrency: Int, duration: Double, operation: @escaping @Sendable (_ worker: Int) async -> Outcome?
) async -> PhaseResult {
    let clock = ContinuousClock()
    let started = clock.now
    let deadline = started.advanced(by: .milliseconds(Int64(duration * 1000)))
    var total = PhaseResult(name: name)
    await withTaskGroup(of: PhaseResult.self) { group in
        for worker in 0..<concurrency {
            group.addTask {
                var tally = PhaseResult(name: name)
                while clock.now < deadline {
                    let began = clock.now
                    guard let outcome = await operation(worker) else { break }
                    let elapsed = began.duration(to: clock.now)
                    let micros = UInt64(max(0, elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000))
                    _ = tally.latencies.record(micros)
                    switch outcome {
                    case .ok: tally.completed += 1
                    case .failed(let status): tally.errors[status, default: 0] += 1
                    }
                }
                return tally
            }
        }
        for await tally in group { total.merge(tally) }
    }
    let elapsed = started.duration(to: clock.now)
    total.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return total
}

/// Hands out the items of a list once each to many tasks.
final class WorkQueue<Item: Sendable>: Sendable {
    private let items: [Item]
    private let next = Mutex(0)

    init(_ items: [Item]) { self.items = items }

    /// The next item, or `nil` when all were taken.
    func take() -> Item? {
        let index = next.withLock { value -> Int in
            defer { value += 1 }
            return value
        }
        return index < items.count ? items[index] : nil
    }

    var count: Int { items.count }
}

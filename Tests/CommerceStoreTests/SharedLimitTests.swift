import CommerceCore
import CommerceStore
import Foundation
import TestSupport
import Testing

/// The limits several PostgreSQL nodes share (issue 10, item 7) decide exactly as `ThrottleCell`'s rule does in a
/// process, and the shared sign-in lockout counts every node's failures.
@Suite(.enabled(if: TestEngine.databaseURL != nil, "DATABASE_URL is not set: shared limits exist on PostgreSQL only"))
struct SharedLimitTests {
    /// A small deterministic generator (xorshift64*), so a failing sequence can be replayed.
    struct Sequence {
        var state: UInt64
        mutating func next(_ bound: UInt64) -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return (state &* 2_685_821_657_736_338_717) % bound
        }
    }

    @Test func theStatementDecidesAsTheRuleDoes() async throws {
        try await withTemporaryStore(.postgres) { store, _ in
            let limits = ["a": 5, "b": 7, "c": 30]
            var model: [String: ThrottleCell] = [:]
            var random = Sequence(state: 0x9E37_79B9_7F4A_7C15)
            var now: Int64 = 1_767_225_600_000_000
            var admitted = 0
            for _ in 0..<400 {
                now += Int64(random.next(3_000_000))
                let keys = Array(["a", "b", "c"].filter { _ in random.next(2) == 0 }.prefix(2))
                guard !keys.isEmpty else { continue }
                let wanted = keys.map { (key: $0, perMinute: limits[$0] ?? 1) }
                // The rule, all or nothing, as `ThrottleBuckets` applies it.
                var trial = model
                var wait: Double = 0
                for (key, perMinute) in wanted {
                    var cell = trial[key] ?? ThrottleCell(at: now)
                    if let needed = cell.take(at: now, perMinute: perMinute) { wait = max(wait, needed) } else { trial[key] = cell }
                }
                if wait == 0 {
                    model = trial
                    admitted += 1
                }
                let shared = try await store.takeThrottleCells(wanted, at: now)
                #expect((shared == nil) == (wait == 0), "at \(now) for \(keys)")
                if let shared, wait > 0 { #expect(abs(shared - max(wait, 0.001)) < 0.000_001) }
            }
            #expect(admitted > 50 && admitted < 350, "the sequence exercises both answers")
        }
    }

    @Test func concurrentCallsNeverExceedTheLimit() async throws {
        try await withTemporaryStore(.postgres) { store, _ in
            let now = ThrottleCell.microseconds(Date())
            let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<60 {
                    group.addTask { try await store.takeThrottleCells([(key: "partner|orders", perMinute: 25)], at: now) == nil }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(admitted == 25)
        }
    }

    @Test func failuresFromEveryNodeCountTowardsOneLockout() async throws {
        try await withTemporaryStore(.postgres) { store, folder in
            // A second store on the same database stands for a second node.
            let other = try await Store.open(TestEngine.postgres.location(folder: folder))
            let policy = SignInFailures.Policy()
            let now = Date()
            for attempt in 0..<10 {
                let node = attempt % 2 == 0 ? store : other
                try await node.updateSignInFailures("someone@example.com") { current in
                    var failures = current ?? SignInFailures(windowStart: now)
                    failures.recordFailure(at: now.addingTimeInterval(Double(attempt)), policy: policy)
                    return failures
                }
            }
            let locked = try await store.signInFailures("someone@example.com")?.isLocked(at: now.addingTimeInterval(10))
            await other.close()
            #expect(locked == true)
        }
    }
}

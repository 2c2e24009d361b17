import CommerceCore
import Foundation
import Testing

@testable import CommerceServer

/// In-memory tables keyed by client input stay bounded (issue 9).
@Suite struct BoundedTablesTests {
    @Test func throttleBucketsEvictPastTheirCapacity() async {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_767_225_600))
        let buckets = ThrottleBuckets(clock: clock, capacity: 100)
        for index in 0..<10_000 { _ = await buckets.take([(key: "customer-\(index)", perMinute: 5)]) }
        #expect(await buckets.count <= 100)
        // A bucket in use keeps counting: the newest keys survive eviction.
        for _ in 0..<5 { #expect(await buckets.take([(key: "hot", perMinute: 5)]) == nil) }
        #expect(await buckets.take([(key: "hot", perMinute: 5)]) != nil)
    }

    @Test func theSignInLockoutForgetsMadeUpNames() async {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_767_225_600))
        let lockout = SignInLockout(clock: clock, threshold: 2)
        for index in 0..<(SignInLockout.maxTracked * 3) { await lockout.recordFailure("nobody-\(index)@example.com") }
        #expect(await lockout.trackedCount <= SignInLockout.maxTracked + 1)
        // A name being guessed right now is still locked.
        await lockout.recordFailure("target@example.com")
        await lockout.recordFailure("target@example.com")
        #expect(await lockout.isLocked("target@example.com"))
    }

    @Test func retryAfterIsAlwaysASensibleWholeNumber() {
        #expect(retryAfterSeconds(0.01) == 1)
        #expect(retryAfterSeconds(.infinity) == 3600)
        #expect(retryAfterSeconds(.nan) == 3600)
        #expect(retryAfterSeconds(1e300) == 3600)
    }

    /// Password hashing takes a place before it queues for the hashing pool; past the limit it is refused at
    /// once (the token endpoint answers 429 temporarily_unavailable). Tested on the counter itself: flooding the
    /// real pool would slow every other test's sign-ins.
    @Test func hashingAdmissionRefusesPastItsLimitAndRecovers() async {
        let admission = HashAdmission(limit: 3)
        #expect((0..<5).map { _ in admission.enter() } == [true, true, true, false, false])
        admission.leave()
        #expect(admission.enter())
        #expect(!admission.enter())
        for _ in 0..<10 { admission.leave() }
        let admitted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<100 { group.addTask { admission.enter() } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(admitted == 3)
        #expect(SecretHash.maximumPendingHashes >= 1)
    }
}

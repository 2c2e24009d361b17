import CommerceCore
import CommerceStore

/// Request limits counted in the store, so every node draws from the same cells (ARCHITECTURE decision 9): one
/// atomic statement per call, applying `ThrottleCell`'s rule in the database.
struct SharedThrottleCounter: ThrottleCounter {
    let store: Store
    let clock: any CommerceClock

    func take(_ wanted: [(key: String, perMinute: Int)]) async throws -> Double? {
        guard !wanted.isEmpty else { return nil }
        return try await store.takeThrottleCells(wanted, at: ThrottleCell.microseconds(clock.now()))
    }

    func wait(_ key: String, perMinute: Int) async throws -> Double? {
        guard let arrival = try await store.throttleCellArrival(key) else { return nil }
        return ThrottleCell(arrival: arrival).wait(at: ThrottleCell.microseconds(clock.now()), perMinute: perMinute)
    }
}

import CommerceCore
import Foundation

/// The request limits of this process, on the injected clock (`ThrottleCell`'s rule).
///
/// Keys come from client input (a customer id in the path, a client id, a remote address), so the table is
/// bounded: past `capacity` keys, idle cells (which behave exactly like absent ones) are dropped, and if that is
/// not enough, the least recently used half goes.
actor ThrottleBuckets: ThrottleCounter {
    private let clock: any CommerceClock
    private let capacity: Int
    private var cells: [String: (cell: ThrottleCell, used: Int64)] = [:]

    init(clock: any CommerceClock, capacity: Int = 100_000) {
        self.clock = clock
        self.capacity = max(capacity, 1)
    }

    /// How many keys are tracked now (tests check the bound).
    var count: Int { cells.count }

    func take(_ wanted: [(key: String, perMinute: Int)]) -> Double? {
        let now = ThrottleCell.microseconds(clock.now())
        var taken: [(String, ThrottleCell)] = []
        var wait: Double = 0
        for (key, perMinute) in wanted {
            var cell = cells[key]?.cell ?? ThrottleCell(at: now)
            if let needed = cell.take(at: now, perMinute: perMinute) { wait = max(wait, needed) } else { taken.append((key, cell)) }
        }
        guard wait == 0 else { return wait }
        for (key, cell) in taken { cells[key] = (cell, now) }
        if cells.count > capacity { evict(now: now) }
        return nil
    }

    func wait(_ key: String, perMinute: Int) -> Double? {
        let now = ThrottleCell.microseconds(clock.now())
        return cells[key]?.cell.wait(at: now, perMinute: perMinute)
    }

    private func evict(now: Int64) {
        cells = cells.filter { !$0.value.cell.isIdle(at: now) }
        guard cells.count > capacity / 2 else { return }
        let keep = cells.sorted { $0.value.used > $1.value.used }.prefix(capacity / 2)
        cells = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
    }
}

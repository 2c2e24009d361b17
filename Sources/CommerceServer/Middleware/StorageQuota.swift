import Synchronization

/// The per-partner storage quota: what each partner keeps in carts and request records, as the maintenance pass
/// last measured it, against `limit`. A partner over it has its writes refused until it is under again (carts
/// expire, records age out, or it deletes). Measured, not counted per write: the figure is at most one pass old,
/// and a partner can overshoot by what it writes in that time, which the request limits bound.
final class StorageQuota: Sendable {
    /// Characters a partner may keep; `nil`: no quota.
    let limit: Int?
    private let used = Mutex<[String: Int]>([:])

    init(limit: Int?) {
        self.limit = limit
    }

    /// Replaces the measurement.
    func update(_ measured: [String: Int]) {
        used.withLock { $0 = measured }
    }

    /// The partner's use when it is over the limit; `nil` while it may write.
    func overLimit(_ partnerID: String) -> Int? {
        guard let limit else { return nil }
        let use = used.withLock { $0[partnerID.lowercased()] ?? $0[partnerID] ?? 0 }
        return use > limit ? use : nil
    }
}

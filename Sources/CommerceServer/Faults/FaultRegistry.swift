import CommerceCore
import CommerceStore
import Synchronization

/// This node's copy of the store's fault rules (`/_admin/faults`), so a call with no rule to meet costs one lock
/// and no query; `ControlPlaneSync` refreshes it every second, and a change made here applies at once.
final class FaultRegistry: Sendable {
    static let settingName = "faults"
    private let rules = Mutex<[FaultRule]>([])
    let store: Store

    init(store: Store) { self.store = store }

    var current: [FaultRule] { rules.withLock { $0 } }

    func apply(_ rules: [FaultRule]) { self.rules.withLock { $0 = rules } }

    /// Reads the store's rules into this node.
    func refresh() async throws { apply(try await store.sharedSetting(Self.settingName, default: [FaultRule]())) }

    /// The rule that strikes this call, if one does. A rule for "the next N calls" is counted down in the store, so N
    /// calls are hit across every node together, not N per node.
    func strike(operation: String, partnerId: String?, customerId: String?) async throws -> FaultRule? {
        let candidates = rules.withLock { $0.filter { $0.matches(operation: operation, partnerId: partnerId, customerId: customerId) } }
        for rule in candidates {
            if let probability = rule.probability, Double.random(in: 0..<1) >= probability { continue }
            guard rule.remaining != nil else { return rule }
            if try await claim(rule.id) { return rule }
        }
        return nil
    }

    /// Takes one of a counted rule's remaining calls; false if another call took the last one. A spent rule is removed.
    private func claim(_ id: String) async throws -> Bool {
        let taken = Mutex(false)
        let next = try await store.changeSharedSetting(Self.settingName, default: [FaultRule]()) { stored in
            var rules = stored
            guard let index = rules.firstIndex(where: { $0.id == id }), let remaining = rules[index].remaining, remaining > 0 else { return stored }
            taken.withLock { $0 = true }
            rules[index].remaining = remaining - 1
            if remaining == 1 { rules.remove(at: index) }
            return rules
        }
        apply(next)
        return taken.withLock { $0 }
    }
}

import CommerceCore
import CommerceStore
import Synchronization

/// The store's fault rules (`/_admin/faults`) as this node applies them.
typealias FaultRegistry = SharedRules<FaultRule>

extension SharedRules where Rule == FaultRule {
    static let faultsSettingName = "faults"

    convenience init(store: Store) { self.init(Self.faultsSettingName, store: store) }

    /// The rule that strikes this call, if one does. A rule for "the next N calls" is counted down in the store, so N
    /// calls are hit across every node together, not N per node.
    func strike(operation: String, partnerId: String?, customerId: String?) async throws -> FaultRule? {
        let candidates = current.filter { $0.matches(operation: operation, partnerId: partnerId, customerId: customerId) }
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
        let next = try await store.changeSharedSetting(settingName, default: [FaultRule]()) { stored in
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

import CommerceStore
import Synchronization

/// This node's copy of a list of rules kept in the store (fault rules, fulfilment rules), so a call with no rule
/// to meet costs one lock and no query; `ControlPlaneSync` refreshes it every second, and a change made through
/// this node applies at once.
final class SharedRules<Rule: Codable & Sendable>: Sendable {
    let settingName: String
    let store: Store
    private let rules = Mutex<[Rule]>([])

    init(_ settingName: String, store: Store) {
        self.settingName = settingName
        self.store = store
    }

    var current: [Rule] { rules.withLock { $0 } }

    func apply(_ rules: [Rule]) { self.rules.withLock { $0 = rules } }

    /// Reads the store's rules into this node.
    func refresh() async throws { apply(try await store.sharedSetting(settingName, default: [Rule]())) }

    /// Removes every rule, in the store and on this node.
    func clear() async throws {
        apply(try await store.changeSharedSetting(settingName, default: [Rule]()) { _ in [] })
    }

    /// Removes the rules `filter` picks (a partner's, at its reset), in the store and on this node.
    func clear(where filter: @escaping @Sendable (Rule) -> Bool) async throws {
        apply(try await store.changeSharedSetting(settingName, default: [Rule]()) { rules in rules.filter { !filter($0) } })
    }

    /// The stored rules, as the store has them now.
    func stored() async throws -> [Rule] { try await store.sharedSetting(settingName, default: [Rule]()) }
}

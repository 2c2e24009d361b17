import Foundation

/// Where every new identifier comes from (ARCHITECTURE decision 6), so a seeded run is repeatable.
public protocol IDGenerator: Sendable {
    /// A new lower-case GUID, the form Partner Center uses for tenants, carts and subscriptions.
    func guid() -> String
}

/// Random version-4 GUIDs.
public struct RandomIDGenerator: IDGenerator {
    public init() {}
    public func guid() -> String { UUID().uuidString.lowercased() }
}

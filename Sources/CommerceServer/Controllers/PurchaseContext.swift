import CommerceCore
import CommerceStore
import Foundation
import PartnerCenterModels

/// What the purchase rules know about a customer at a request: its market, today's catalog, the subscriptions its
/// lines name, the clock, and the sandbox limits. Shared by carts and by orders placed without one.
enum PurchaseContext {
    static func make(
        _ scope: CustomerScope, naming subscriptionIDs: Set<String>, store: Store, catalog: CatalogCache, configuration: ServerConfiguration,
        language: String
    ) async throws -> CartContext {
        let owned = try await store.subscriptions(ids: subscriptionIDs, partnerID: scope.caller.partnerTenantID, customerID: scope.customerID)
        var context = CartContext(
            customerID: scope.customerID, market: scope.market, catalog: try await catalog.current(),
            subscriptions: Dictionary(owned.map { ($0.id.lowercased(), OwnedSubscription($0)) }, uniquingKeysWith: { first, _ in first }),
            now: configuration.clock.now(), language: language
        )
        context.purchaseGate = try await scope.purchaseGate(store: store)
        if let limits = configuration.sandboxLimits {
            context.sandbox = limits
            context.subscriptionCount = try await store.subscriptionCount(partnerID: scope.caller.partnerTenantID, customerID: scope.customerID)
        }
        return context
    }
}

import CommerceCore
import CommerceStore
import Hummingbird
import PartnerCenterModels

/// The `{customer-id}` of a nested route, resolved for the caller: it must be one of the partner's customers.
struct CustomerScope: Sendable {
    let caller: CallerIdentity
    let customerID: String
    let market: Market
    /// Whether the customer accepted the Microsoft Customer Agreement.
    let agreed: Bool

    static func resolve(_ context: PartnerRequestContext, store: Store) async throws -> CustomerScope {
        let caller = try context.caller()
        let id = try CustomersController.customerID(context)
        guard let (country, agreed) = try await store.customerStanding(id: id, partnerID: caller.partnerTenantID) else {
            throw try await notYours(id, caller: caller, store: store)
        }
        guard let market = Market.named(country) else {
            throw HTTPFault(.unexpected, "Customer \(id) has a market (\(country)) this server does not sell in.")
        }
        return CustomerScope(caller: caller, customerID: id, market: market, agreed: agreed)
    }

    /// The purchase gate for this customer: the partner's switch is read only when the customer has not agreed,
    /// so a purchase by a customer that has costs nothing more.
    func purchaseGate(store: Store) async throws -> PurchaseGate {
        if agreed { return PurchaseGate(customerAgreed: true) }
        return PurchaseGate(customerAgreed: false, enforced: try await store.agreementGate(partnerID: caller.partnerTenantID) ?? true)
    }

    /// Partner Center's answer for a customer the caller cannot see: 403 / 20002 when it belongs to another
    /// partner (spec §7.2), 404 / 60003 when it does not exist. Nothing of the customer is revealed.
    static func notYours(_ id: String, caller: CallerIdentity, store: Store) async throws -> HTTPFault {
        if try await store.customerExists(id: id) {
            return HTTPFault(.noRelationship, "Partner \(caller.partnerTenantID) has no commerce relationship with customer \(id).")
        }
        return HTTPFault(.tenantNotFound, "Customer \(id) was not found.")
    }
}

import Foundation
import PartnerCenterModels

/// Completing an order (ARCHITECTURE decision 7): a subscription per line, `subscriptionId` on the line,
/// status `completed`. Legacy orders complete inside checkout; the fulfilment worker completes the rest.
public enum Fulfilment {
    /// The completed order and the subscriptions it created. Lines that already name a subscription keep it.
    public static func complete(
        _ order: Order, customerID: String, catalog: Catalog, market: Market, at now: Date, ids: some IDGenerator
    ) -> (Order, [Subscription]) {
        var completed = order
        var created: [Subscription] = []
        // An add-on bought in its parent's `addonItems` follows the parent in the order (lines are the cart's,
        // flattened, add-ons after their parent): its subscription hangs from the parent's new one.
        var parentSubscription: String?
        for index in completed.lineItems.indices {
            let item = completed.lineItems[index].offerId.flatMap { CatalogItem.resolve($0, in: catalog, market: market) }
            guard completed.lineItems[index].subscriptionId == nil else {
                if item?.isAddOn != true { parentSubscription = completed.lineItems[index].subscriptionId }
                continue
            }
            if item?.isAddOn == true, completed.lineItems[index].parentSubscriptionId == nil, let parent = parentSubscription {
                completed.lineItems[index].parentSubscriptionId = parent
            }
            let line = completed.lineItems[index]
            let subscription = Subscriptions.make(
                for: line, of: order, item: item, customerID: customerID, at: now, id: ids.guid(), hasAddOns: item.map(catalog.sellsAddOns) ?? false
            )
            completed.lineItems[index].subscriptionId = subscription.id
            completed.lineItems[index].links = completed.lineItems[index].links ?? OrderLineItemLinks()
            completed.lineItems[index].links?.subscription = Link(uri: "/customers/\(customerID)/subscriptions/\(subscription.id)")
            created.append(subscription)
            if item?.isAddOn != true { parentSubscription = subscription.id }
        }
        completed.status = .completed
        return (completed, created)
    }

    /// The order whose fulfilment failed for good: `cancelled`, as Partner Center shows an order that will not
    /// be provisioned. The reason is kept with its fulfilment job (`GET /_admin/fulfilment`).
    public static func abandoned(_ order: Order) -> Order {
        var cancelled = order
        cancelled.status = .cancelled
        return cancelled
    }

    /// The provisioning status of each line: `Fulfilled` once the order is complete, `Unfulfilled` when its
    /// fulfilment failed for good (the order is `cancelled`), `PrefulfillmentPending` before.
    public static func provisioningStatus(of order: Order) -> [OrderLineItemProvisioningStatus] {
        let state =
            switch order.status {
            case .completed: "Fulfilled"
            case .cancelled: "Unfulfilled"
            default: "PrefulfillmentPending"
            }
        return order.lineItems.map { OrderLineItemProvisioningStatus(lineItemNumber: $0.lineItemNumber, status: state, quantity: $0.quantity ?? 0) }
    }
}

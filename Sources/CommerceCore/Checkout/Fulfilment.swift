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
        for index in completed.lineItems.indices where completed.lineItems[index].subscriptionId == nil {
            let line = completed.lineItems[index]
            let item = line.offerId.flatMap { CatalogItem.resolve($0, in: catalog, market: market) }
            let subscription = Subscriptions.make(for: line, of: order, item: item, customerID: customerID, at: now, id: ids.guid())
            completed.lineItems[index].subscriptionId = subscription.id
            completed.lineItems[index].links = completed.lineItems[index].links ?? OrderLineItemLinks()
            completed.lineItems[index].links?.subscription = Link(uri: "/customers/\(customerID)/subscriptions/\(subscription.id)")
            created.append(subscription)
        }
        completed.status = .completed
        return (completed, created)
    }

    /// The provisioning status of each line: `Fulfilled` once the order is complete, `PrefulfillmentPending` before.
    public static func provisioningStatus(of order: Order) -> [OrderLineItemProvisioningStatus] {
        let state = order.status == .completed ? "Fulfilled" : "PrefulfillmentPending"
        return order.lineItems.map { OrderLineItemProvisioningStatus(lineItemNumber: $0.lineItemNumber, status: state, quantity: $0.quantity ?? 0) }
    }
}

/// How an order line becomes a subscription (spec §3.10).
public enum Subscriptions {
    public static func make(for line: OrderLineItem, of order: Order, item: CatalogItem?, customerID: String, at now: Date, id: String) -> Subscription {
        var subscription = Subscription(id: id, offerId: item?.subscriptionOfferId ?? line.offerId, quantity: line.quantity)
        subscription.offerName = item?.title ?? line.friendlyName
        subscription.friendlyName = line.friendlyName ?? item?.title
        subscription.unitType = item?.isLegacy == true && item?.subscriptionOfferId.hasPrefix("MS-AZR") == true ? "Usage-based" : "Licenses"
        subscription.parentSubscriptionId = line.parentSubscriptionId
        subscription.creationDate = now
        subscription.effectiveStartDate = now
        let termEnd = line.customTermEndDate ?? Term.end(of: line.termDuration, from: now)
        subscription.commitmentEndDate = termEnd ?? WireDate.parse("9999-12-14T00:00:00Z")
        subscription.cancellationAllowedUntilDate = item?.isNewCommerce == true ? now.addingTimeInterval(7 * 86_400) : nil
        subscription.status = .active
        subscription.autoRenewEnabled = item?.isNewCommerce == true && termEnd != nil && item?.isTrial == false
        subscription.billingType = billingType(of: item)
        subscription.billingCycle = order.billingCycle
        subscription.termDuration = line.termDuration
        subscription.renewalTermDuration = line.renewsTo?.termDuration
        subscription.isTrial = item?.isTrial ?? false
        subscription.isMicrosoftProduct = item.map { if case .availability(let product, _, _) = $0 { product.isMicrosoftProduct ?? true } else { true } }
        subscription.partnerId = line.partnerIdOnRecord
        subscription.orderId = order.id
        subscription.links = SubscriptionLinks(self: Link(uri: "/customers/\(customerID)/subscriptions/\(id)"))
        if let links = line.links {
            subscription.links?.product = links.product
            subscription.links?.sku = links.sku
            subscription.links?.availability = links.availability
        }
        return subscription
    }

    static func billingType(of item: CatalogItem?) -> String {
        switch item {
        case .offer(let offer)?: offer.billing ?? "license"
        case .availability(let product, _, _)?: product.productType.id.lowercased() == "azure" ? "usage" : "license"
        case nil: "none"
        }
    }
}

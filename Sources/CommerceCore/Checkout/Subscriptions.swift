import Foundation
import PartnerCenterModels

/// How an order line becomes a subscription (spec §3.10).
public enum Subscriptions {
    /// `hasAddOns`: whether the catalog sells add-ons for the line's item (`hasPurchasableAddons`).
    public static func make(
        for line: OrderLineItem, of order: Order, item: CatalogItem?, customerID: String, at now: Date, id: String, hasAddOns: Bool = false
    ) -> Subscription {
        var subscription = Subscription(id: id, offerId: item?.subscriptionOfferId ?? line.offerId, quantity: line.quantity)
        subscription.offerName = item?.title ?? line.friendlyName
        subscription.friendlyName = line.friendlyName ?? item?.title
        subscription.unitType = item?.isLegacy == true && item?.subscriptionOfferId.hasPrefix("MS-AZR") == true ? "Usage-based" : "Licenses"
        subscription.parentSubscriptionId = line.parentSubscriptionId
        subscription.creationDate = now
        subscription.effectiveStartDate = now
        let termEnd = line.customTermEndDate ?? Term.end(of: line.termDuration, from: now)
        subscription.commitmentEndDate = termEnd ?? SubscriptionTerms.noTermEnd
        if item?.isNewCommerce == true {
            let until = now.addingTimeInterval(SubscriptionTerms.refundWindow)
            subscription.cancellationAllowedUntilDate = until
            subscription.refundableQuantity = RefundableQuantity(details: [
                RefundableQuantityDetail(quantity: line.quantity ?? 0, allowedUntilDateTime: until)
            ])
        }
        subscription.status = .active
        subscription.autoRenewEnabled = item?.isNewCommerce == true && termEnd != nil && item?.isTrial == false
        subscription.billingType = billingType(of: item)
        subscription.billingCycle = order.billingCycle
        subscription.termDuration = line.termDuration
        subscription.renewalTermDuration = line.renewsTo?.termDuration
        subscription.isTrial = item?.isTrial ?? false
        if case .availability(let product, _, _)? = item { subscription.productType = product.productType }
        subscription.hasPurchasableAddons = hasAddOns
        subscription.isMicrosoftProduct = item.map {
            if case .availability(let product, _, _) = $0 { product.isMicrosoftProduct ?? true } else { true }
        }
        subscription.partnerId = line.partnerIdOnRecord
        subscription.orderId = order.id
        subscription.links = SubscriptionLinks(self: Link(uri: "/customers/\(customerID)/subscriptions/\(id)"))
        if case .offer(let offer)? = item { subscription.links?.offer = Link(uri: "/offers/\(offer.id)") }
        if let parent = line.parentSubscriptionId {
            subscription.links?.parentSubscription = Link(uri: "/customers/\(customerID)/subscriptions/\(parent)")
        }
        subscription.attributes = ResourceAttributes(objectType: "Subscription", etag: SubscriptionEtag.initial(id: id))
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

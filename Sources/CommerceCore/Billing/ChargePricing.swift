import Foundation
import PartnerCenterModels

/// The seat price a subscription's charges use: its item's price in today's catalog for the subscription's term and
/// billing cycle, in the currency of its customer's market. A subscription whose item or price the catalog does not
/// have is not charged.
public struct ChargePricing: Sendable {
    public let catalog: Catalog

    public init(catalog: Catalog) {
        self.catalog = catalog
    }

    /// A term's price, its currency, and the item as its recon lines name it.
    public struct PricedTerm: Sendable, Equatable {
        public var price: Charges.Price
        public var currency: String
        public var item: ChargeItem
    }

    /// The price of the subscription's current term, or nil.
    public func price(of subscription: Subscription, country: String) -> PricedTerm? {
        guard let market = Market.named(country), let offerID = subscription.offerId, let cycle = subscription.billingCycle else { return nil }
        let parts = offerID.split(separator: ":").map(String.init)
        // A subscription names its product and SKU; the price is the first availability's sold in the market.
        let items: [CatalogItem]
        if parts.count == 2, let product = catalog.product(parts[0]), let sku = catalog.sku(parts[0], parts[1]) {
            items = sku.availabilities.filter { $0.isSold(in: market) }.map { .availability(product: product, sku: sku, availability: $0) }
        } else {
            items = CatalogItem.resolve(offerID, in: catalog, market: market).map { [$0] } ?? []
        }
        for item in items {
            if let found = item.price(termDuration: subscription.termDuration, cycle: cycle, currency: market.currencyCode) {
                return PricedTerm(
                    price: Charges.Price(unitPrice: found.unitPrice, effectiveUnitPrice: found.effectiveUnitPrice), currency: market.currencyCode,
                    item: Self.describe(item, subscription))
            }
        }
        return nil
    }

    static func describe(_ item: CatalogItem, _ subscription: Subscription) -> ChargeItem {
        var described = ChargeItem()
        switch item {
        case .availability(let product, let sku, let availability):
            (described.productId, described.skuId, described.availabilityId) = (product.id, sku.id, availability.id)
            (described.productName, described.skuName) = (product.title, sku.title)
            described.publisherName = product.publisherName ?? "Microsoft Corporation"
        case .offer(let offer):
            (described.productId, described.productName, described.skuName) = (offer.id, offer.name, offer.name)
            described.publisherName = "Microsoft Corporation"
        }
        described.termDuration = subscription.termDuration ?? ""
        described.billingCycle = subscription.billingCycle?.wireValue ?? ""
        described.subscriptionStart = subscription.effectiveStartDate
        described.subscriptionEnd = subscription.commitmentEndDate
        described.subscriptionDescription = subscription.friendlyName ?? ""
        return described
    }
}

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

    /// The price and its currency, or nil.
    public func price(of subscription: Subscription, country: String) -> (price: Charges.Price, currency: String)? {
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
                return (Charges.Price(unitPrice: found.unitPrice, effectiveUnitPrice: found.effectiveUnitPrice), market.currencyCode)
            }
        }
        return nil
    }
}

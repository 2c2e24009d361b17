import Foundation
import PartnerCenterModels

/// The prices an order shows when they are asked for (`?include_price=true`): each line's from today's catalog,
/// for the order's billing cycle, the line's term and the order's currency, and the order's total.
///
/// Worked out when read rather than stored with the order, so an answer without prices (the usual read) is the
/// stored bytes as they are. A line whose item or price the catalog no longer has shows none.
public enum OrderPricing {
    public static func priced(_ order: Order, catalog: Catalog, market: Market) -> Order {
        var priced = order
        var total = Decimal(0)
        let cycle = order.billingCycle ?? .unknown("")
        let currency = order.currencyCode ?? market.currencyCode
        for index in priced.lineItems.indices {
            let line = priced.lineItems[index]
            guard let item = line.offerId.flatMap({ CatalogItem.resolve($0, in: catalog, market: market) }),
                let price = item.price(termDuration: line.termDuration, cycle: cycle, currency: currency)
            else {
                priced.lineItems[index].pricing = nil
                continue
            }
            let extended = price.effectiveUnitPrice * Decimal(line.quantity ?? 0)
            priced.lineItems[index].pricing = OrderLineItemPricing(
                listPrice: price.unitPrice, discountedPrice: price.effectiveUnitPrice, proratedPrice: price.effectiveUnitPrice,
                price: price.effectiveUnitPrice, extendedPrice: extended)
            total += extended
        }
        priced.totalPrice = total
        return priced
    }
}

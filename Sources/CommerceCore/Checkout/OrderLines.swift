import PartnerCenterModels

/// How a cart line becomes an order line (spec §3.8).
enum OrderLines {
    static func make(number: Int, from line: CartLineItem, item: CatalogItem?, market: Market) -> OrderLineItem {
        var orderLine = OrderLineItem(lineItemNumber: number, offerId: line.catalogItemId, quantity: line.quantity)
        orderLine.termDuration = line.termDuration
        orderLine.transactionType = "New"
        orderLine.friendlyName = line.friendlyName ?? item?.title
        orderLine.renewsTo = line.renewsTo
        orderLine.customTermEndDate = line.customTermEndDate
        orderLine.attestationAccepted = line.attestationAccepted
        orderLine.partnerIdOnRecord = line.participants?.first { $0.key == .transactionReseller }?.value
        let additional = line.participants?.filter { $0.key == .additionalTransactionReseller }.map(\.value) ?? []
        orderLine.additionalPartnerIdsOnRecord = additional.isEmpty ? nil : additional
        if let context = line.provisioningContext, !context.isEmpty {
            orderLine.provisioningContext = context
            // Only an add-on has a parent; on any other line the name is ignored (and was checked to be the customer's).
            if item?.isAddOn == true { orderLine.parentSubscriptionId = context["parentSubscriptionId"] }
        }
        if case .availability(let product, let sku, let availability) = item {
            let query = "?country=\(market.country)"
            orderLine.links = OrderLineItemLinks(
                product: Link(uri: "/products/\(product.id)\(query)"),
                sku: Link(uri: "/products/\(product.id)/skus/\(sku.id)\(query)"),
                availability: Link(uri: "/products/\(product.id)/skus/\(sku.id)/availabilities/\(availability.id)\(query)")
            )
        } else {
            orderLine.links = OrderLineItemLinks()
        }
        return orderLine
    }
}

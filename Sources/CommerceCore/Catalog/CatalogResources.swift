import PartnerCenterModels

/// Turns catalog entries into the wire resources of one market: country, currency and links filled in.
public enum CatalogResources {
    public static func product(_ product: CatalogProduct, market: Market) -> Product {
        var wire = Product(
            id: product.id, title: product.title, description: product.description, productType: product.productType,
            isMicrosoftProduct: product.isMicrosoftProduct, publisherName: product.publisherName
        )
        let query = "?country=\(market.country)"
        wire.links = ProductLinks(
            skus: Link(uri: "/products/\(product.id)/skus\(query)"),
            self: Link(uri: "/products/\(product.id)\(query)")
        )
        return wire
    }

    public static func sku(_ sku: CatalogSku, of product: CatalogProduct, market: Market) -> Sku {
        var wire = Sku(id: sku.id, productId: product.id, title: sku.title)
        wire.description = sku.description
        wire.minimumQuantity = sku.minimumQuantity
        wire.maximumQuantity = sku.maximumQuantity
        wire.isTrial = sku.isTrial ?? false
        wire.supportedBillingCycles = sku.supportedBillingCycles
        wire.purchasePrerequisites = sku.purchasePrerequisites ?? []
        wire.inventoryVariables = sku.inventoryVariables ?? []
        wire.provisioningVariables = sku.provisioningVariables ?? []
        wire.dynamicAttributes = sku.dynamicAttributes
        wire.attestationProperties = sku.attestationProperties
        wire.consumptionType = sku.consumptionType
        let base = "/products/\(product.id)/skus/\(sku.id)"
        wire.links = SkuLinks(
            availabilities: Link(uri: "\(base)/availabilities?country=\(market.country)"),
            self: Link(uri: "\(base)?country=\(market.country)")
        )
        return wire
    }

    public static func availability(
        _ availability: CatalogAvailability, of sku: CatalogSku, of product: CatalogProduct, market: Market
    ) -> Availability {
        var wire = Availability(id: availability.id, productId: product.id, skuId: sku.id)
        wire.defaultCurrency = Currency(code: market.currencyCode, symbol: market.currencySymbol)
        wire.segment = availability.segment ?? "commercial"
        wire.country = market.country
        wire.isPurchasable = availability.isPurchasable ?? true
        wire.isRenewable = availability.isRenewable ?? false
        wire.terms = availability.terms
        let query = "?country=\(market.country)"
        wire.links = AvailabilityLinks(
            product: Link(uri: "/products/\(product.id)\(query)"),
            sku: Link(uri: "/products/\(product.id)/skus/\(sku.id)\(query)"),
            self: Link(uri: "/products/\(product.id)/skus/\(sku.id)/availabilities/\(availability.id)\(query)")
        )
        return wire
    }

    public static func offer(_ offer: CatalogOffer, market: Market, locale: String) -> Offer {
        var wire = Offer(id: offer.id, name: offer.name)
        wire.description = offer.description
        wire.minimumQuantity = offer.minimumQuantity
        wire.maximumQuantity = offer.maximumQuantity
        wire.rank = offer.rank
        wire.uri = "/offers/\(offer.id)"
        wire.locale = locale
        wire.country = market.country
        wire.category = offer.category
        wire.prerequisiteOffers = offer.prerequisiteOffers ?? []
        wire.isAddOn = offer.isAddOn ?? false
        wire.hasAddOns = offer.hasAddOns ?? false
        wire.isAvailableForPurchase = true
        wire.billing = offer.billing
        wire.supportedBillingCycles = offer.supportedBillingCycles
        wire.isAutoRenewable = offer.isAutoRenewable
        wire.isTrial = offer.isTrial ?? false
        wire.salesGroupId = offer.salesGroupId
        wire.unitType = offer.unitType
        wire.product = offer.product
        wire.links = ResourceLinks(self: Link(uri: "/offers/\(offer.id)?country=\(market.country)"))
        return wire
    }
}

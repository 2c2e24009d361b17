import PartnerCenterModels

/// What a `catalogItemId` names (spec §4): a modern-catalog availability (`product:sku:availability`) or a
/// legacy offer (a GUID or `MS-AZR-…`).
public enum CatalogItem: Sendable {
    case availability(product: CatalogProduct, sku: CatalogSku, availability: CatalogAvailability)
    case offer(CatalogOffer)

    /// The item behind an id in a market, or `nil` when it does not exist or is not sold there.
    public static func resolve(_ catalogItemId: String, in catalog: Catalog, market: Market) -> CatalogItem? {
        let parts = catalogItemId.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) {
            guard let product = catalog.product(parts[0]), let sku = catalog.sku(parts[0], parts[1]),
                let availability = catalog.availability(parts[0], parts[1], parts[2]), availability.isSold(in: market)
            else { return nil }
            return .availability(product: product, sku: sku, availability: availability)
        }
        guard parts.count == 1, let offer = catalog.offer(catalogItemId), offer.isSold(in: market) else { return nil }
        return .offer(offer)
    }

    /// The price of this item for a term and billing cycle in a currency, or nil when the catalog gives none. A legacy
    /// offer's prices have no term, whatever term a line names.
    public func price(termDuration: String?, cycle: BillingCycleType, currency: String) -> CatalogPrice? {
        let (prices, term): ([CatalogPrice]?, String?) =
            switch self {
            case .availability(_, _, let availability): (availability.prices, termDuration)
            case .offer(let offer): (offer.prices, nil)
            }
        let code = currency.uppercased()
        return prices?.first { $0.currency.uppercased() == code && $0.applies(termDuration: term, cycle: cycle) }
    }

    /// Legacy offers are placed by the legacy order system (`OMS-…` groups, completed at once).
    public var isLegacy: Bool { if case .offer = self { true } else { false } }

    /// New-commerce licence products (`OnlineServices`): 12-hex order ids.
    public var isNewCommerce: Bool {
        if case .availability(let product, _, _) = self { product.productType.id.lowercased() == "onlineservices" } else { false }
    }

    /// The canonical catalog item id (catalog spelling, whatever case the client used).
    public var catalogItemId: String {
        switch self {
        case .availability(let product, let sku, let availability): "\(product.id):\(sku.id):\(availability.id)"
        case .offer(let offer): offer.id
        }
    }

    /// The subscription's `offerId`: `product:sku` for the modern catalog, the offer id for legacy offers.
    public var subscriptionOfferId: String {
        switch self {
        case .availability(let product, let sku, _): "\(product.id):\(sku.id)"
        case .offer(let offer): offer.id
        }
    }

    public var title: String {
        switch self {
        case .availability(_, let sku, _): sku.title
        case .offer(let offer): offer.name
        }
    }

    public var minimumQuantity: Int {
        switch self {
        case .availability(_, let sku, _): sku.minimumQuantity
        case .offer(let offer): offer.minimumQuantity
        }
    }

    public var maximumQuantity: Int {
        switch self {
        case .availability(_, let sku, _): sku.maximumQuantity
        case .offer(let offer): offer.maximumQuantity
        }
    }

    public var supportedBillingCycles: [BillingCycleType] {
        switch self {
        case .availability(_, let sku, _): sku.supportedBillingCycles
        case .offer(let offer): offer.supportedBillingCycles
        }
    }

    public var isTrial: Bool {
        switch self {
        case .availability(_, let sku, _): sku.isTrial ?? false
        case .offer(let offer): offer.isTrial ?? false
        }
    }

    /// Whether this item is an add-on: bought against a parent subscription.
    public var isAddOn: Bool {
        switch self {
        case .availability(_, let sku, _):
            if case .bool(true) = sku.dynamicAttributes?["isAddon"] { true } else { false }
        case .offer(let offer): offer.isAddOn ?? false
        }
    }

    /// The items an add-on may be bought with: `product:sku` prefixes, or legacy offer ids.
    public var addOnParents: [String] {
        switch self {
        case .availability(_, let sku, _):
            if case .array(let list) = sku.dynamicAttributes?["prerequisiteSkus"] {
                list.compactMap { if case .string(let text) = $0 { text } else { nil } }
            } else {
                []
            }
        case .offer(let offer): offer.prerequisiteOffers ?? []
        }
    }
}

import Foundation
import PartnerCenterModels

/// The catalog in memory: lookups by id and by catalog item id, and the wire resources for a market.
///
/// Immutable; a new import builds a new value.
public struct Catalog: Sendable {
    public let file: CatalogFile
    private let productsByID: [String: CatalogProduct]
    private let offersByID: [String: CatalogOffer]
    /// Upper-cased `product:sku` prefixes and offer ids that some add-on names as its parent.
    private let addOnParents: Set<String>

    /// Indexes a catalog file after checking it is consistent.
    public init(_ file: CatalogFile) throws(CommerceError) {
        try CatalogValidation.check(file)
        self.file = file
        self.productsByID = Dictionary(file.products.map { ($0.id.uppercased(), $0) }, uniquingKeysWith: { first, _ in first })
        self.offersByID = Dictionary(file.offers.map { ($0.id.uppercased(), $0) }, uniquingKeysWith: { first, _ in first })
        var parents = Set(file.offers.flatMap { $0.prerequisiteOffers ?? [] }.map { $0.uppercased() })
        for product in file.products {
            for sku in product.skus {
                let item = CatalogItem.availability(product: product, sku: sku, availability: CatalogAvailability(id: "", terms: []))
                parents.formUnion(item.addOnParents.map { $0.uppercased() })
            }
        }
        self.addOnParents = parents
    }

    /// The tax rate of a market (a customer's country, in any case): 0 where the catalog gives none.
    public func taxRate(country: String) -> Decimal {
        file.taxRates?.first { $0.key.caseInsensitiveCompare(country) == .orderedSame }.flatMap { MoneyText.parse($0.value) } ?? 0
    }

    /// Every market's tax rate, by upper-case country code.
    public var taxRates: [String: Decimal] {
        Dictionary(
            (file.taxRates ?? [:]).compactMap { key, value in MoneyText.parse(value).map { (key.uppercased(), $0) } }, uniquingKeysWith: { a, _ in a }
        )
    }

    /// Whether the catalog sells add-ons for `item` (a subscription's `hasPurchasableAddons`).
    public func sellsAddOns(for item: CatalogItem) -> Bool {
        addOnParents.contains(item.subscriptionOfferId.uppercased())
    }

    /// A product by id, case-insensitively (Partner Center ids are upper-case; clients are not always).
    public func product(_ id: String) -> CatalogProduct? { productsByID[id.uppercased()] }

    /// A SKU of a product.
    public func sku(_ productID: String, _ skuID: String) -> CatalogSku? {
        product(productID)?.skus.first { $0.id.caseInsensitiveCompare(skuID) == .orderedSame }
    }

    /// An availability of a SKU.
    public func availability(_ productID: String, _ skuID: String, _ availabilityID: String) -> CatalogAvailability? {
        sku(productID, skuID)?.availabilities.first { $0.id.caseInsensitiveCompare(availabilityID) == .orderedSame }
    }

    /// A legacy offer by id.
    public func offer(_ id: String) -> CatalogOffer? { offersByID[id.uppercased()] }

    /// Products listed under a target view in a market.
    public func products(targetView: String, market: Market) -> [CatalogProduct] {
        file.products.filter { product in
            product.targetViews.contains { $0.caseInsensitiveCompare(targetView) == .orderedSame }
                && product.skus.contains { sku in sku.availabilities.contains { $0.isSold(in: market) } }
        }
    }

    /// Legacy offers sold in a market.
    public func offers(market: Market) -> [CatalogOffer] {
        file.offers.filter { $0.isSold(in: market) }
    }
}

extension CatalogAvailability {
    /// Whether this availability can be seen in a market.
    public func isSold(in market: Market) -> Bool {
        countries.map { list in list.contains { $0.caseInsensitiveCompare(market.country) == .orderedSame } } ?? true
    }
}

extension CatalogOffer {
    /// Whether this offer can be seen in a market.
    public func isSold(in market: Market) -> Bool {
        countries.map { list in list.contains { $0.caseInsensitiveCompare(market.country) == .orderedSame } } ?? true
    }
}

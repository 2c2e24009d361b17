import Foundation
import PartnerCenterModels

/// The checks a catalog file must pass before it replaces the current one, so a bad import changes nothing.
enum CatalogValidation {
    static func check(_ file: CatalogFile) throws(CommerceError) {
        var seen = Set<String>()
        for product in file.products {
            try require(!product.id.isEmpty && !product.id.contains(":"), "product id '\(product.id)' must be non-empty without ':'")
            try require(seen.insert(product.id.uppercased()).inserted, "product '\(product.id)' appears twice")
            try require(!product.skus.isEmpty, "product '\(product.id)' has no SKU")
            var skus = Set<String>()
            for sku in product.skus {
                try require(skus.insert(sku.id.uppercased()).inserted, "SKU '\(product.id):\(sku.id)' appears twice")
                try require(
                    sku.minimumQuantity >= 0 && sku.minimumQuantity <= sku.maximumQuantity,
                    "SKU '\(product.id):\(sku.id)' has minimumQuantity above maximumQuantity")
                try require(!sku.availabilities.isEmpty, "SKU '\(product.id):\(sku.id)' has no availability")
                var availabilities = Set<String>()
                for availability in sku.availabilities {
                    try require(
                        availabilities.insert(availability.id.uppercased()).inserted,
                        "availability '\(product.id):\(sku.id):\(availability.id)' appears twice")
                    try checkPrices(availability.prices ?? [], of: "\(product.id):\(sku.id):\(availability.id)")
                }
            }
        }
        var offers = Set<String>()
        for offer in file.offers {
            try require(!offer.id.isEmpty && !offer.id.contains(":"), "offer id '\(offer.id)' must be non-empty without ':'")
            try require(offers.insert(offer.id.uppercased()).inserted, "offer '\(offer.id)' appears twice")
            try require(offer.minimumQuantity <= offer.maximumQuantity, "offer '\(offer.id)' has minimumQuantity above maximumQuantity")
            try checkPrices(offer.prices ?? [], of: offer.id)
        }
        for (country, rate) in file.taxRates ?? [:] {
            try require(
                country.utf8.count == 2 && country.allSatisfy { $0.isASCII && $0.isLetter }, "a tax rate names '\(country)', not a country code")
            guard let value = MoneyText.parse(rate), value >= 0, value < 1 else {
                throw CommerceError.invalidRequest("Invalid catalog: the tax rate of \(country) must be a fraction from 0 up to 1, such as 0.19")
            }
        }
    }

    /// Each price once per term, cycle and currency; a known cycle; a three-letter currency; not negative; the
    /// partner's price not above the list price.
    static func checkPrices(_ prices: [CatalogPrice], of item: String) throws(CommerceError) {
        var seen = Set<String>()
        for price in prices {
            let key = [price.termDuration ?? "", price.billingCycle, price.currency].joined(separator: "/").uppercased()
            try require(seen.insert(key).inserted, "'\(item)' has two prices for \(key)")
            try require(BillingCycleType(wire: price.billingCycle).isKnown, "'\(item)' has a price for an unknown billing cycle")
            try require(
                price.currency.count == 3 && price.currency.allSatisfy { $0.isASCII && $0.isLetter }, "'\(item)' has a price in an unknown currency")
            try require(
                price.unitPrice >= 0 && price.effectiveUnitPrice >= 0 && price.effectiveUnitPrice <= price.unitPrice,
                "'\(item)' has a negative price, or an effective price above its list price")
        }
    }

    private static func require(_ condition: Bool, _ message: String) throws(CommerceError) {
        if !condition { throw CommerceError.invalidRequest("Invalid catalog: \(message)") }
    }
}

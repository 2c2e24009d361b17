import NIOHTTP1
import PartnerCenterModels

/// `partner.offers`: the legacy offer catalog, read for one market.
public struct OfferCatalogOperations: Sendable {
    let client: PartnerCenterClient

    /// The offers sold in `country`.
    public func byCountry(_ country: String) -> OffersInCountry { OffersInCountry(client: client, country: country) }
}

/// `partner.offers.byCountry("US")`.
public struct OffersInCountry: Sendable {
    let client: PartnerCenterClient
    public let country: String

    /// Every offer of the market.
    public func get() async throws -> ResourceCollection<Offer> {
        try await client.send(.GET, "/offers?country=\(country.urlQueryEscaped)")
    }

    /// One offer, by id.
    public func byID(_ id: String) -> OfferOperations { OfferOperations(market: self, id: id) }
}

/// `partner.offers.byCountry("US").byID(o)`.
public struct OfferOperations: Sendable {
    let market: OffersInCountry
    public let id: String

    /// Reads the offer.
    public func get() async throws -> Offer {
        try await market.client.send(.GET, "/offers/\(id.urlPathEscaped)?country=\(market.country.urlQueryEscaped)")
    }
}

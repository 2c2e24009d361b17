import Foundation
import PartnerCenterModels

/// What the cart rules need to know about the customer they check a cart for.
public struct CartContext: Sendable {
    public var customerID: String
    public var market: Market
    public var catalog: Catalog
    /// The customer's subscriptions that the cart names, by lower-cased id (see
    /// `CartRules.referencedSubscriptionIDs`): Azure reservations name one, add-ons name their parent.
    public var subscriptions: [String: OwnedSubscription]
    public var now: Date
    /// The language line errors are written in (`Translations.languages`): the caller's.
    public var language: String
    /// The integration sandbox's caps, when the server reproduces them, and how many subscriptions the customer has.
    public var sandbox: SandboxLimits?
    public var subscriptionCount: Int = 0
    /// Whether the customer may buy (its agreement, the partner's gate); checked at checkout, not while a cart is edited.
    public var purchaseGate: PurchaseGate = .open

    public init(
        customerID: String, market: Market, catalog: Catalog, subscriptions: [String: OwnedSubscription], now: Date, language: String = "en-US"
    ) {
        self.customerID = customerID
        self.market = market
        self.catalog = catalog
        self.subscriptions = subscriptions
        self.now = now
        self.language = language
    }

    /// The catalog item a line names, in the customer's market; `nil` when there is none.
    func resolve(_ catalogItemId: String?) -> CatalogItem? {
        catalogItemId.flatMap { CatalogItem.resolve($0, in: catalog, market: market) }
    }

    /// A line error with its description in the caller's language.
    func lineError(_ code: CartErrorCode, _ text: LocalizedText) -> CartError {
        CartError(errorCode: code, errorDescription: Translations.render(text, in: language))
    }
}

/// The facts about an existing subscription that cart validation uses.
public struct OwnedSubscription: Sendable, Equatable {
    public var id: String
    public var offerId: String
    public var isActive: Bool
    /// An Azure subscription (usage-billed), which Azure reservations are bought for.
    public var isAzure: Bool
    /// Its seats, which an add-on bought for it may not exceed.
    public var quantity: Int?

    public init(id: String, offerId: String, isActive: Bool, isAzure: Bool, quantity: Int? = nil) {
        self.id = id
        self.offerId = offerId
        self.isActive = isActive
        self.isAzure = isAzure
        self.quantity = quantity
    }
}

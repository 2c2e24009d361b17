import CommerceCore
import CommerceStore
import Foundation
import Hummingbird
import PartnerCenterModels

/// Subscriptions (spec §3.10; after-checkout §1–3, §6): all of a customer's, those of one order, or one; changed by
/// PATCH; each shown as it stands at the server's time (term ends since its last write worked out).
struct SubscriptionsController {
    let store: Store
    let catalog: CatalogCache
    let clock: any CommerceClock
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<PartnerRequestContext>) {
        group.get("customers/:customerID/subscriptions", use: list)
        group.get("customers/:customerID/subscriptions/:subscriptionID", use: get)
        group.patch("customers/:customerID/subscriptions/:subscriptionID", use: update)
        group.get("customers/:customerID/subscriptions/:subscriptionID/provisioningstatus", use: provisioningStatus)
        group.get("customers/:customerID/subscriptions/:subscriptionID/addons", use: addOns)
    }

    /// The add-ons bought for a subscription (404 / 20003 when the subscription is unknown).
    @Sendable func addOns(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let parent = try await current(context)
        let scope = try await CustomerScope.resolve(context, store: store)
        let now = clock.now()
        let addOns = try await store.addOns(of: parent.id, partnerID: scope.caller.partnerTenantID, customerID: scope.customerID)
        return try JSONResponse.make(ResourceCollection(items: addOns.map { SubscriptionView.present($0, at: now) }))
    }

    @Sendable func list(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let scope = try await CustomerScope.resolve(context, store: store)
        let orderID = try request.query("order_id").map(Self.orderID)
        let paging = try PageRequest.read(request)
        var page = try await store.subscriptions(
            partnerID: scope.caller.partnerTenantID, customerID: scope.customerID, orderID: orderID, after: paging.cursor, limit: paging.size
        )
        let now = clock.now()
        page.items = page.items.map { SubscriptionView.present($0, at: now) }
        let query = orderID.map { "order_id=\($0)" } ?? ""
        return try JSONResponse.make(paging.collection(page, path: "/customers/\(scope.customerID)/subscriptions", query: query))
    }

    /// An order id as the `order_id` filter takes it: order ids are short tokens of letters, digits, `-` and `_`,
    /// so anything else (which could not match, and would be echoed into `links`) is refused.
    static func orderID(_ text: String) throws -> String {
        guard (1...64).contains(text.utf8.count), text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw HTTPFault(.invalidProperty, "order_id is not a valid order id.", data: ["order_id"])
        }
        return text
    }

    @Sendable func get(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        try JSONResponse.make(try await current(context))
    }

    /// `{skuId, status, quantity, startDate, endDate}`: provisioned (`success`) once the subscription exists and is live.
    @Sendable func provisioningStatus(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let subscription = try await current(context)
        let sku = subscription.offerId.flatMap { $0.contains(":") ? $0.split(separator: ":").last.map(String.init) : nil }
        let status: String =
            switch subscription.status {
            case .pending?: "pending"
            case .disabled?: "failed"
            default: "success"
            }
        let ended = subscription.status == .deleted || subscription.status == .expired
        return try JSONResponse.make(
            SubscriptionProvisioningStatus(
                skuId: sku, status: status, quantity: subscription.quantity, startDate: subscription.effectiveStartDate,
                endDate: ended ? subscription.commitmentEndDate : nil
            )
        )
    }

    /// PATCH: the whole subscription as read, with the fields to change (after-checkout §1); 200 with the result.
    @Sendable func update(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let scope = try await CustomerScope.resolve(context, store: store)
        try PartnerRole.requirePurchasing(scope.caller.userRoles)
        let id = try Self.subscriptionID(context)
        let requested = try await RequestBody.decode(Subscription.self, from: request, limit: maxBodyBytes)
        let catalog = try await catalog.current()
        let market = scope.market
        let now = clock.now()
        let gate = try await scope.purchaseGate(store: store)
        let answering: Answering<Subscription> = context.answering { changed in
            try StoredResponse.json(SubscriptionView.present(changed, at: now), status: .ok)
        }
        let stored = try await store.updateSubscription(
            id: id, partnerID: scope.caller.partnerTenantID, customerID: scope.customerID, at: now, pricing: ChargePricing(catalog: catalog),
            country: market.country, answering: answering
        ) { current in
            let item = current.offerId.flatMap { Self.item(offerID: $0, in: catalog, market: market) }
            let quantities =
                item.map { $0.minimumQuantity...max($0.minimumQuantity, $0.maximumQuantity) } ?? SubscriptionChanges.quantitiesWithoutCatalog
            let rules = SubscriptionChanges.Context(now: now, quantities: quantities, purchaseGate: gate) { product in
                CatalogItem.resolve("\(product.productId):\(product.skuId):\(product.availabilityId)", in: catalog, market: market)
            }
            return try SubscriptionChanges.apply(requested, to: current, context: rules)
        }
        return try context.answer(stored)
    }

    /// The catalog item behind a subscription's `offerId` (`product:sku` or a legacy offer id), for its seat limits.
    static func item(offerID: String, in catalog: Catalog, market: Market) -> CatalogItem? {
        let parts = offerID.split(separator: ":").map(String.init)
        if parts.count == 2, let sku = catalog.sku(parts[0], parts[1]), let product = catalog.product(parts[0]),
            let availability = sku.availabilities.first
        {
            return .availability(product: product, sku: sku, availability: availability)
        }
        return CatalogItem.resolve(offerID, in: catalog, market: market)
    }

    /// The subscription as it stands now, or 404 / 20003.
    func current(_ context: PartnerRequestContext) async throws -> Subscription {
        let scope = try await CustomerScope.resolve(context, store: store)
        let id = try Self.subscriptionID(context)
        guard let subscription = try await store.subscription(id: id, partnerID: scope.caller.partnerTenantID, customerID: scope.customerID) else {
            throw HTTPFault(.subscriptionNotFound, "Subscription \(id) not found.")
        }
        return SubscriptionView.present(subscription, at: clock.now())
    }

    /// The `{subscription-id}` path segment: subscription ids are GUIDs (or, imported, short tokens of letters,
    /// digits and `-`); anything else is no such subscription, without a query.
    static func subscriptionID(_ context: PartnerRequestContext) throws -> String {
        let raw = try context.parameters.require("subscriptionID")
        guard (1...64).contains(raw.utf8.count), raw.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw HTTPFault(.subscriptionNotFound, "Subscription \(raw) not found.")
        }
        return raw.lowercased()
    }
}

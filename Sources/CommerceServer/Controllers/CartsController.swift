import CommerceCore
import CommerceStore
import Foundation
import Hummingbird
import PartnerCenterModels

/// Carts and checkout (spec §2.1–2.4): create, get, replace, and check out into orders exactly once.
struct CartsController {
    let store: Store
    let catalog: CatalogCache
    let configuration: ServerConfiguration
    /// When orders fall due, as the test bench's fulfilment rules say.
    let fulfilment: FulfilmentControl

    func addRoutes(to group: RouterGroup<PartnerRequestContext>) {
        group.post("customers/:customerID/carts", use: create)
        group.get("customers/:customerID/carts/:cartID", use: get)
        group.put("customers/:customerID/carts/:cartID", use: update)
        group.post("customers/:customerID/carts/:cartID/checkout", use: checkout)
    }

    @Sendable func create(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let scope = try await CustomerScope.resolve(context, store: store)
        try PartnerRole.requirePurchasing(scope.caller.userRoles)
        let body = try await RequestBody.decode(Cart.self, from: request, limit: configuration.maxBodyBytes)
        // Before any query: the subscriptions a cart names are looked up by id, and a hostile cart must not
        // turn that into a statement with thousands of parameters.
        try CartRules.checkShape(body.lineItems)
        let rules = try await cartContext(scope, for: body.lineItems, language: context.language)
        let lines = try CartRules.evaluate(body.lineItems, context: rules)
        let cart = CartLifecycle.newCart(
            id: configuration.ids.guid(), customerID: scope.customerID, lines: lines, user: scope.caller.objectID, at: rules.now,
            attestation: body.partnerOnRecordAttestationAccepted
        )
        let answer = try StoredResponse.json(cart, status: .created, headers: [.location: "/v1/customers/\(scope.customerID)/carts/\(cart.id ?? "")"])
        // The answer's body is the canonical JSON the store keeps: encoded once, for both.
        let stored = try await store.addCart(
            cart, body: answer.body, partnerID: scope.caller.partnerTenantID, customerID: scope.customerID,
            openCartLimit: configuration.openCartsPerCustomer, answering: context.answering { _ in answer }
        )
        return try context.answer(stored)
    }

    @Sendable func get(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let scope = try await CustomerScope.resolve(context, store: store)
        let id = try Self.cartID(context)
        guard let stored = try await store.cartBody(id: id, partnerID: scope.caller.partnerTenantID, customerID: scope.customerID) else {
            throw HTTPFault(.cartNotFound, "Unable to retrieve cart \(id).")
        }
        try CartLifecycle.ensureVisible(id: id, isOrdered: stored.isOrdered, expires: stored.expires, at: configuration.clock.now())
        return JSONResponse.bytes(Data(stored.body.utf8), status: .ok)
    }

    @Sendable func update(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let scope = try await CustomerScope.resolve(context, store: store)
        try PartnerRole.requirePurchasing(scope.caller.userRoles)
        let id = try Self.cartID(context)
        let body = try await RequestBody.decode(Cart.self, from: request, limit: configuration.maxBodyBytes)
        // Before any query: the subscriptions a cart names are looked up by id, and a hostile cart must not
        // turn that into a statement with thousands of parameters.
        try CartRules.checkShape(body.lineItems)
        let rules = try await cartContext(scope, for: body.lineItems, language: context.language)
        let lines = try CartRules.evaluate(body.lineItems, context: rules)
        let user = scope.caller.objectID
        // The docs' example answers an update with 201 (spec §2.3, §12.6).
        let answering: Answering<Cart> = context.answering { updated in try StoredResponse.json(updated, status: .created) }
        let stored = try await store.updateCart(
            id: id, partnerID: scope.caller.partnerTenantID, customerID: scope.customerID, at: rules.now, answering: answering
        ) { stored in
            try CartLifecycle.replacingLines(
                of: stored.cart, with: lines, hasPlacedOrders: stored.hasPlacedOrders, user: user, at: rules.now,
                attestation: body.partnerOnRecordAttestationAccepted
            )
        }
        return try context.answer(stored)
    }

    @Sendable func checkout(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let scope = try await CustomerScope.resolve(context, store: store)
        try PartnerRole.requirePurchasing(scope.caller.userRoles)
        let id = try Self.cartID(context)
        // The body is documented as empty and the SDKs send "success": whatever it is, it is read and ignored.
        _ = try await RequestBody.collect(request, limit: configuration.maxBodyBytes)
        let delay = configuration.fulfilmentDelay
        let faults = configuration.placementFaults
        let ids = configuration.ids
        let (fulfilment, partner) = (fulfilment, scope.caller.partnerTenantID)
        let due: @Sendable ([String], Date) -> Date? = { items, now in fulfilment.due(items, now, partner: partner) }
        let answering: Answering<CheckoutOutcome> = context.answering { outcome in StoredResponse.bytes(outcome.body, status: .created) }
        // The cart is read (unlocked) to load what its lines name; the checkout plans from that cart only, and when
        // the stored cart changed before the transaction took its lock, it is read again and the checkout retried.
        var attempt = 1
        while true {
            // No cart, no checkout: the store's check that the cart is still the one read needs a read to compare.
            guard let snapshot = try await store.cartSnapshot(id: id, partnerID: scope.caller.partnerTenantID, customerID: scope.customerID) else {
                throw StoreError.notFound(.cart, id: id)
            }
            let rules = try await cartContext(scope, for: snapshot.cart.lineItems, language: context.language)
            do {
                let stored = try await store.checkout(
                    cartID: id, partnerID: scope.caller.partnerTenantID, customerID: scope.customerID, country: scope.market.country,
                    customerUserUPN: request.headers[.customerUserUPN], at: rules.now, snapshot: snapshot, planEarly: !ids.isRepeatable,
                    answering: answering
                ) { state in
                    try CartLifecycle.ensureVisible(state.cart, at: rules.now)
                    let input = CheckoutInput(
                        cart: state.cart, context: rules, placed: state.placed, groups: state.groups, fulfilmentDelay: delay, faults: faults,
                        fulfilmentDue: due
                    )
                    return try CheckoutPlanner.plan(input, ids: ids)
                }
                return try context.answer(stored)
            } catch StoreError.changedSinceRead(.cart, _) where attempt < Self.checkoutReads {
                attempt += 1
            }
        }
    }

    /// How many times a checkout reads its cart again when it keeps changing under it; past that the caller is told
    /// (409) to check out again.
    static let checkoutReads = 5

    /// What the cart rules need to know about this customer for these line items, read now. Only the
    /// subscriptions the lines name are loaded, so the cost does not grow with the customer's history.
    func cartContext(_ scope: CustomerScope, for lines: [CartLineItem], language: String) async throws -> CartContext {
        try await PurchaseContext.make(
            scope, naming: CartRules.referencedSubscriptionIDs(lines), store: store, catalog: catalog, configuration: configuration,
            language: language
        )
    }

    /// The `{cart-id}` path segment: a GUID, or no such cart.
    static func cartID(_ context: PartnerRequestContext) throws -> String {
        let raw = try context.parameters.require("cartID")
        guard UUID(uuidString: raw) != nil else { throw HTTPFault(.cartNotFound, "Unable to retrieve cart \(raw).") }
        return raw.lowercased()
    }
}

import Foundation
import PartnerCenterModels

/// A cart's life (spec §5.5, §5.6): created `Active` for seven days, `Ordered` once checked out; expired
/// carts behave as gone.
public enum CartLifecycle {
    /// How long a cart lives after it is created.
    public static let lifetime: TimeInterval = 7 * 86_400

    /// A new cart holding already evaluated line items.
    public static func newCart(id: String, customerID: String, lines: [CartLineItem], user: String, at now: Date, attestation: Bool?) -> Cart {
        var cart = Cart(id: id, lineItems: lines, status: .active)
        cart.creationTimestamp = now
        cart.lastModifiedTimestamp = now
        cart.expirationTimestamp = now.addingTimeInterval(lifetime)
        cart.lastModifiedUser = user
        cart.partnerOnRecordAttestationAccepted = attestation
        cart.links = ResourceLinks(self: Link(uri: "/customers/\(customerID)/carts/\(id)"))
        cart.attributes = ResourceAttributes(objectType: "Cart")
        return cart
    }

    /// The stored cart with new line items (full replacement, spec §2.3), or why it may not change.
    public static func replacingLines(
        of cart: Cart, with lines: [CartLineItem], hasPlacedOrders: Bool, user: String, at now: Date, attestation: Bool?
    ) throws(CommerceError) -> Cart {
        try ensureVisible(cart, at: now)
        let id = cart.id ?? ""
        guard cart.status != .ordered else {
            throw CommerceError(.cartAlreadyOrdered, "Cart \(id) has already been checked out and cannot be changed.")
        }
        guard !hasPlacedOrders else {
            throw CommerceError(.cartAlreadyOrdered, "Part of cart \(id) has been ordered; check it out again to place the rest.")
        }
        var updated = cart
        updated.lineItems = lines
        updated.lastModifiedTimestamp = now
        updated.lastModifiedUser = user
        if let attestation { updated.partnerOnRecordAttestationAccepted = attestation }
        return updated
    }

    /// The cart once a checkout placed every group: `Ordered`, changed at `now`. Its lines stay as they were.
    public static func ordered(_ cart: Cart, at now: Date) -> Cart {
        var ordered = cart
        ordered.status = .ordered
        ordered.lastModifiedTimestamp = now
        return ordered
    }

    /// An active cart past its expiration is gone for every purpose (404 / 800008), as it is in Partner Center;
    /// an ordered cart stays readable.
    public static func ensureVisible(_ cart: Cart, at now: Date) throws(CommerceError) {
        try ensureVisible(id: cart.id ?? "", isOrdered: cart.status == .ordered, expires: cart.expirationTimestamp, at: now)
    }

    /// The same rule from the facts alone, for a cart whose body is sent as stored.
    public static func ensureVisible(id: String, isOrdered: Bool, expires: Date?, at now: Date) throws(CommerceError) {
        guard !isOrdered, let expires, expires <= now else { return }
        throw CommerceError(.cartNotFound, "Cart \(id) expired at \(WireDate.format(expires)); create a new cart.")
    }
}

extension OwnedSubscription {
    /// The facts cart validation needs from a stored subscription.
    public init(_ subscription: Subscription) {
        self.init(
            id: subscription.id, offerId: subscription.offerId ?? "", isActive: subscription.status == .active,
            isAzure: subscription.billingType?.lowercased() == "usage", quantity: subscription.quantity
        )
    }
}

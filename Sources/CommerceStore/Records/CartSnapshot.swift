import PartnerCenterModels

/// A cart as read before its checkout, outside any transaction: decoded for the caller's rules, with the stored
/// text, so the checkout can tell inside its transaction whether the cart changed since.
public struct CartSnapshot: Sendable {
    public let cart: Cart
    /// The stored body, compared as text: equal text means an equal cart.
    let body: String
    /// Whether a checkout of the cart was attempted already; its retry is planned inside the transaction.
    let attempted: Bool
}

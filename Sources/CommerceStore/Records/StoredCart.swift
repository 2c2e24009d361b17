import Foundation
import PartnerCenterModels

/// A cart as stored: the wire resource plus what the rules need to know about its checkout.
public struct StoredCart: Sendable {
    public var cart: Cart
    /// True once some order group of the cart was placed (a partial or full checkout).
    public var hasPlacedOrders: Bool
}

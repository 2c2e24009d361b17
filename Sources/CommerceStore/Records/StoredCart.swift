import Foundation
import PartnerCenterModels

/// A cart as stored: the wire resource plus who owns it.
public struct StoredCart: Sendable {
    public var cart: Cart
    public var partnerID: String
    public var customerID: String
    /// True once some order group of the cart was placed (a partial or full checkout).
    public var hasPlacedOrders: Bool
}

import Foundation

/// A refund the subscription still allows, and until when: `{"type": "Full", "expiresAt": "…"}`.
public struct SubscriptionRefundOption: Codable, Hashable, Sendable {
    public var type: String
    public var expiresAt: Date?

    public init(type: String, expiresAt: Date?) {
        self.type = type
        self.expiresAt = expiresAt
    }
}

/// The seats that may still be given back, each purchase with its own window (the first purchase or renewal, and
/// every later increase).
public struct RefundableQuantity: Codable, Hashable, Sendable {
    public var totalQuantity: Int
    public var details: [RefundableQuantityDetail]

    public init(details: [RefundableQuantityDetail]) {
        self.details = details
        self.totalQuantity = details.reduce(0) { $0 + $1.quantity }
    }
}

/// Seats bought together, refundable until `allowedUntilDateTime`.
public struct RefundableQuantityDetail: Codable, Hashable, Sendable {
    public var quantity: Int
    public var allowedUntilDateTime: Date

    public init(quantity: Int, allowedUntilDateTime: Date) {
        self.quantity = quantity
        self.allowedUntilDateTime = allowedUntilDateTime
    }
}

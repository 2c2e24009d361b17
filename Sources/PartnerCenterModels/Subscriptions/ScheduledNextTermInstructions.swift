import Foundation

/// What the subscription becomes at its next renewal: another product, SKU, term or billing cycle, and a seat count.
/// Applied once, at the renewal, then cleared.
public struct ScheduledNextTermInstructions: Codable, Hashable, Sendable {
    public var product: ScheduledProduct?
    public var quantity: Int?
    public var customTermEndDate: Date?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case product, quantity, customTermEndDate
    }

    public init(product: ScheduledProduct?, quantity: Int?, customTermEndDate: Date? = nil) {
        self.product = product
        self.quantity = quantity
        self.customTermEndDate = customTermEndDate
    }

    /// The catalog item the next term is bought as.
    public struct ScheduledProduct: Codable, Hashable, Sendable {
        public var productId: String
        public var skuId: String
        public var availabilityId: String
        public var billingCycle: BillingCycleType?
        public var termDuration: String?

        public enum CodingKeys: String, CodingKey, CaseIterable {
            case productId, skuId, availabilityId, billingCycle, termDuration
        }

        public init(productId: String, skuId: String, availabilityId: String, billingCycle: BillingCycleType?, termDuration: String?) {
            self.productId = productId
            self.skuId = skuId
            self.availabilityId = availabilityId
            self.billingCycle = billingCycle
            self.termDuration = termDuration
        }
    }
}

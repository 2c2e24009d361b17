import Foundation

/// One line of an order (spec §3.8). `lineItemNumber` runs 0…n-1 within each order.
public struct OrderLineItem: Codable, Hashable, Sendable {
    public var lineItemNumber: Int
    public var offerId: String?
    public var subscriptionId: String?
    public var parentSubscriptionId: String?
    public var termDuration: String?
    public var renewsTo: RenewsTo?
    public var transactionType: String?
    public var friendlyName: String?
    public var quantity: Int?
    public var partnerIdOnRecord: String?
    public var additionalPartnerIdsOnRecord: [String]?
    public var provisioningContext: [String: String]?
    public var promotionId: String?
    public var customTermEndDate: Date?
    public var attestationAccepted: Bool?
    public var pricing: OrderLineItemPricing?
    public var links: OrderLineItemLinks?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case lineItemNumber, offerId, subscriptionId, parentSubscriptionId, termDuration, renewsTo, transactionType, friendlyName
        case quantity, partnerIdOnRecord, additionalPartnerIdsOnRecord, provisioningContext, promotionId, customTermEndDate
        case attestationAccepted, pricing, links
    }

    public init(lineItemNumber: Int, offerId: String?, quantity: Int?) {
        self.lineItemNumber = lineItemNumber
        self.offerId = offerId
        self.quantity = quantity
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        lineItemNumber = try container.decodeLenientInt(forKey: .lineItemNumber) ?? 0
        offerId = try container.decodeIfPresent(String.self, forKey: .offerId)
        subscriptionId = try container.decodeIfPresent(String.self, forKey: .subscriptionId)
        parentSubscriptionId = try container.decodeIfPresent(String.self, forKey: .parentSubscriptionId)
        termDuration = try container.decodeIfPresent(String.self, forKey: .termDuration)
        renewsTo = try container.decodeIfPresent(RenewsTo.self, forKey: .renewsTo)
        transactionType = try container.decodeIfPresent(String.self, forKey: .transactionType)
        friendlyName = try container.decodeIfPresent(String.self, forKey: .friendlyName)
        quantity = try container.decodeLenientInt(forKey: .quantity)
        partnerIdOnRecord = try container.decodeIfPresent(String.self, forKey: .partnerIdOnRecord)
        additionalPartnerIdsOnRecord = try container.decodeIfPresent([String].self, forKey: .additionalPartnerIdsOnRecord)
        provisioningContext = try container.decodeStringMap(forKey: .provisioningContext)
        promotionId = try container.decodeIfPresent(String.self, forKey: .promotionId)
        customTermEndDate = try container.decodeIfPresent(Date.self, forKey: .customTermEndDate)
        attestationAccepted = try container.decodeLenientBool(forKey: .attestationAccepted)
        pricing = try? container.decodeIfPresent(OrderLineItemPricing.self, forKey: .pricing)
        links = try? container.decodeIfPresent(OrderLineItemLinks.self, forKey: .links)
    }
}

/// Pre-tax prices of an order line, present only when pricing was asked for (`?include_price=true`). Exact decimals,
/// never binary floating point: money keeps every digit the catalog gave it.
public struct OrderLineItemPricing: Codable, Hashable, Sendable {
    /// The list price of one unit for one charge cycle.
    public var listPrice: Decimal?
    /// The partner's price of one unit (the list price less its discount).
    public var discountedPrice: Decimal?
    /// The unit price for the first charge cycle, prorated when it is short.
    public var proratedPrice: Decimal?
    public var price: Decimal?
    /// `price` times the line's quantity.
    public var extendedPrice: Decimal?

    public init(listPrice: Decimal?, discountedPrice: Decimal?, proratedPrice: Decimal?, price: Decimal?, extendedPrice: Decimal?) {
        self.listPrice = listPrice
        self.discountedPrice = discountedPrice
        self.proratedPrice = proratedPrice
        self.price = price
        self.extendedPrice = extendedPrice
    }
}

/// An order line's links; each present only when it applies.
public struct OrderLineItemLinks: Codable, Hashable, Sendable {
    public var product: Link?
    public var sku: Link?
    public var availability: Link?
    public var subscription: Link?
    public var provisioningStatus: Link?
    public var activationLinks: Link?

    public init(product: Link? = nil, sku: Link? = nil, availability: Link? = nil, subscription: Link? = nil) {
        self.product = product
        self.sku = sku
        self.availability = availability
        self.subscription = subscription
    }
}

/// Provisioning state of one order line (`GET …/orders/{id}/provisioningstatus`).
public struct OrderLineItemProvisioningStatus: Codable, Hashable, Sendable {
    public var lineItemNumber: Int
    public var orderLineItemId: String?
    public var status: String
    public var quantityProvisioningInformation: [QuantityProvisioningInformation]

    public init(lineItemNumber: Int, status: String, quantity: Int) {
        self.lineItemNumber = lineItemNumber
        self.status = status
        self.quantityProvisioningInformation = [QuantityProvisioningInformation(quantity: quantity, status: status)]
    }
}

/// How many units of a line reached a provisioning state.
public struct QuantityProvisioningInformation: Codable, Hashable, Sendable {
    public var quantity: Int
    public var status: String
}

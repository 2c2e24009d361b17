import Foundation

/// A placed order (spec §3.7).
public struct Order: Codable, Hashable, Sendable {
    public var id: String?
    public var alternateId: String?
    public var referenceCustomerId: String?
    public var billingCycle: BillingCycleType?
    public var currencyCode: String?
    public var currencySymbol: String?
    public var lineItems: [OrderLineItem]
    public var creationDate: Date?
    public var status: OrderStatus?
    public var transactionType: String?
    /// The sum of the lines' `extendedPrice`, when pricing was asked for.
    public var totalPrice: Decimal?
    public var partnerOnRecordAttestationAccepted: Bool?
    public var client: [String: String]?
    public var links: OrderLinks?
    public var attributes: ResourceAttributes?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, alternateId, referenceCustomerId, billingCycle, currencyCode, currencySymbol, lineItems, creationDate, status
        case transactionType, totalPrice, partnerOnRecordAttestationAccepted, client, links, attributes
    }

    public init(id: String?, referenceCustomerId: String?, billingCycle: BillingCycleType?, lineItems: [OrderLineItem]) {
        self.id = id
        self.referenceCustomerId = referenceCustomerId
        self.billingCycle = billingCycle
        self.lineItems = lineItems
        self.attributes = ResourceAttributes(objectType: "Order")
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        alternateId = try container.decodeIfPresent(String.self, forKey: .alternateId)
        referenceCustomerId = try container.decodeIfPresent(String.self, forKey: .referenceCustomerId)
        billingCycle = try container.decodeIfPresent(BillingCycleType.self, forKey: .billingCycle)
        currencyCode = try container.decodeIfPresent(String.self, forKey: .currencyCode)
        currencySymbol = try container.decodeIfPresent(String.self, forKey: .currencySymbol)
        lineItems = try container.decodeIfPresent([OrderLineItem].self, forKey: .lineItems) ?? []
        creationDate = try container.decodeIfPresent(Date.self, forKey: .creationDate)
        status = try container.decodeIfPresent(OrderStatus.self, forKey: .status)
        transactionType = try container.decodeIfPresent(String.self, forKey: .transactionType)
        // Java sends 0 for an unset primitive; the service omits it when there is no pricing.
        totalPrice = try container.decodeIfPresent(Decimal.self, forKey: .totalPrice)
        partnerOnRecordAttestationAccepted = try container.decodeLenientBool(forKey: .partnerOnRecordAttestationAccepted)
        client = try? container.decodeIfPresent([String: String].self, forKey: .client)
        links = try? container.decodeIfPresent(OrderLinks.self, forKey: .links)
        attributes = try? container.decodeIfPresent(ResourceAttributes.self, forKey: .attributes)
    }
}

/// An order's links: `self`, `provisioningStatus`, `patchOperation` (method `PATCH`).
public struct OrderLinks: Codable, Hashable, Sendable {
    public var `self`: Link?
    public var provisioningStatus: Link?
    public var patchOperation: Link?

    public init(self link: Link? = nil, provisioningStatus: Link? = nil, patchOperation: Link? = nil) {
        self.`self` = link
        self.provisioningStatus = provisioningStatus
        self.patchOperation = patchOperation
    }
}

import Foundation

/// One thing to buy in a cart (spec §3.2).
///
/// `id` is an integer index echoed back; clients send it as a number or a numeric string. Keys of
/// `provisioningContext` arrive in any case and are kept in camelCase.
public struct CartLineItem: Codable, Hashable, Sendable {
    public var id: Int?
    public var catalogItemId: String?
    public var friendlyName: String?
    public var quantity: Int?
    public var currencyCode: String?
    public var billingCycle: BillingCycleType?
    public var termDuration: String?
    public var participants: [CartParticipant]?
    public var provisioningContext: [String: String]?
    public var orderGroup: String?
    public var addonItems: [CartLineItem]?
    public var renewsTo: RenewsTo?
    public var error: CartError?
    public var promotionId: String?
    public var customTermEndDate: Date?
    public var attestationAccepted: Bool?
    public var purchaseSystem: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, catalogItemId, friendlyName, quantity, currencyCode, billingCycle, termDuration, participants
        case provisioningContext, orderGroup, addonItems, renewsTo, error, promotionId, customTermEndDate
        case attestationAccepted, purchaseSystem
    }

    public init(
        id: Int? = nil, catalogItemId: String, quantity: Int, billingCycle: BillingCycleType? = nil, termDuration: String? = nil,
        friendlyName: String? = nil, provisioningContext: [String: String]? = nil
    ) {
        self.id = id
        self.catalogItemId = catalogItemId
        self.quantity = quantity
        self.billingCycle = billingCycle
        self.termDuration = termDuration
        self.friendlyName = friendlyName
        self.provisioningContext = provisioningContext
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeLenientInt(forKey: .id)
        catalogItemId = try container.decodeIfPresent(String.self, forKey: .catalogItemId)
        friendlyName = try container.decodeIfPresent(String.self, forKey: .friendlyName)
        quantity = try container.decodeLenientInt(forKey: .quantity)
        currencyCode = try container.decodeIfPresent(String.self, forKey: .currencyCode)
        billingCycle = try container.decodeIfPresent(BillingCycleType.self, forKey: .billingCycle)
        termDuration = try container.decodeIfPresent(String.self, forKey: .termDuration)
        participants = try container.decodeIfPresent([CartParticipant].self, forKey: .participants)
        provisioningContext = try container.decodeStringMap(forKey: .provisioningContext)
        orderGroup = try container.decodeIfPresent(String.self, forKey: .orderGroup)
        addonItems = try container.decodeIfPresent([CartLineItem].self, forKey: .addonItems)
        renewsTo = try container.decodeIfPresent(RenewsTo.self, forKey: .renewsTo)
        // `error` is server-owned: a client that echoes a cart back must not fail on its shape.
        error = try? container.decodeIfPresent(CartError.self, forKey: .error)
        promotionId = try container.decodeIfPresent(String.self, forKey: .promotionId)
        customTermEndDate = try container.decodeIfPresent(Date.self, forKey: .customTermEndDate)
        attestationAccepted = try container.decodeLenientBool(forKey: .attestationAccepted)
        purchaseSystem = try container.decodeIfPresent(String.self, forKey: .purchaseSystem)
    }
}

/// `{"key": "transaction_reseller", "value": "5357564"}` — a reseller taking part in the sale.
public struct CartParticipant: Codable, Hashable, Sendable {
    public var key: ParticipantType
    public var value: String

    public init(key: ParticipantType, value: String) {
        self.key = key
        self.value = value
    }
}

/// The term a trial or subscription renews into: a single object on the wire, though the docs say "array".
public struct RenewsTo: Codable, Hashable, Sendable {
    public var termDuration: String?

    public init(termDuration: String?) { self.termDuration = termDuration }
}

/// Why a line item cannot be bought: `{"errorCode": 10001, "errorDescription": "…"}`.
public struct CartError: Codable, Hashable, Sendable {
    public var errorCode: CartErrorCode
    public var errorDescription: String
    public var additionalInformation: [String: String]?

    public init(errorCode: CartErrorCode, errorDescription: String, additionalInformation: [String: String]? = nil) {
        self.errorCode = errorCode
        self.errorDescription = errorDescription
        self.additionalInformation = additionalInformation
    }
}

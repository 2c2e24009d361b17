/// The reason a cart line item cannot be bought (spec §3.4). An integer on the wire; the .NET SDK also reads
/// the name (`"CatalogItemIdIsNotValid"`), so both decode. Any integer is a valid code.
public struct CartErrorCode: Codable, Hashable, Sendable, RawRepresentable, CustomStringConvertible {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let unknown = Self(rawValue: 0)
    public static let currencyIsNotSupported = Self(rawValue: 10000)
    public static let catalogItemIdIsNotValid = Self(rawValue: 10001)
    public static let quotaNotAvailable = Self(rawValue: 10002)
    public static let inventoryNotAvailable = Self(rawValue: 10003)
    public static let participantsIsNotSupportedForPartner = Self(rawValue: 10004)
    public static let unableToProcessCartLineItem = Self(rawValue: 10006)
    public static let subscriptionIsNotValid = Self(rawValue: 10007)
    public static let subscriptionIsNotEnabledForRI = Self(rawValue: 10008)
    public static let sandboxLimitExceeded = Self(rawValue: 10009)
    public static let invalidInput = Self(rawValue: 10010)
    public static let subscriptionNotRegistered = Self(rawValue: 10011)
    public static let attestationNotAccepted = Self(rawValue: 10012)
    public static let billingPlanNotSupported = Self(rawValue: 10013)
    public static let invalidPromotionId = Self(rawValue: 10014)
    public static let maxAllowedSeatsPerSubscriptionExceeded = Self(rawValue: 10015)
    public static let invalidCustomTermEndDateProduct = Self(rawValue: 10016)
    public static let invalidCustomTermEndDate = Self(rawValue: 10017)
    public static let baseOfferSeatQuantityNotMet = Self(rawValue: 10018)
    public static let minimumAddOnSeatsNotMet = Self(rawValue: 10019)
    public static let legacyOfferNotEligibleForPurchase = Self(rawValue: 500600)

    /// The .NET SDK's names, for clients that send them instead of numbers.
    static let names: [String: Int] = [
        "unknown": 0, "currencyisnotsupported": 10000, "catalogitemidisnotvalid": 10001, "quotanotavailable": 10002,
        "inventorynotavailable": 10003, "participantsisnotsupportedforpartner": 10004, "unabletoprocesscartlineitem": 10006,
        "subscriptionisnotvalid": 10007, "subscriptionisnotenabledforri": 10008, "sandboxlimitexceeded": 10009,
        "invalidinput": 10010, "subscriptionnotregistered": 10011, "attestationnotaccepted": 10012,
        "billingplannotsupported": 10013, "invalidpromotionid": 10014, "maxallowedseatspersubscriptionexceeded": 10015,
        "invalidcustomtermenddateproduct": 10016, "invalidcustomtermenddate": 10017, "baseofferseatquantitynotmet": 10018,
        "minimumaddonseatsnotmet": 10019, "legacyoffernoteligibleforpurchase": 500600,
    ]

    public var description: String { String(rawValue) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            rawValue = number
        } else if let text = try? container.decode(String.self) {
            rawValue = Int(text) ?? Self.names[OpenEnumSpelling.normalized(text)] ?? 0
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a number or a CartErrorCode name")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// How often a line is billed (spec §3.9). Wire: `monthly`, `annual`, `none`, `one_time`, `triennial`, `biennial`.
public enum BillingCycleType: OpenEnum {
    case monthly, annual, none, oneTime, triennial, biennial
    case unknown(String)

    public static let knownCases: [Self] = [.monthly, .annual, .none, .oneTime, .triennial, .biennial, .unknown("unknown")]
    public static let numericCases: [Int: Self] = [
        0: .unknown("unknown"), 1: .monthly, 2: .annual, 3: .none, 4: .oneTime, 5: .triennial, 6: .biennial,
    ]
    public static func unrecognized(_ raw: String) -> Self { .unknown(raw) }
    public var wireValue: String {
        switch self {
        case .monthly: "monthly"
        case .annual: "annual"
        case .none: "none"
        case .oneTime: "one_time"
        case .triennial: "triennial"
        case .biennial: "biennial"
        case .unknown(let raw): raw
        }
    }
}

/// `Active` (editable, can be checked out) or `Ordered` (already checked out).
public enum CartStatus: OpenEnum {
    case active, ordered
    case unknown(String)

    public static let knownCases: [Self] = [.active, .ordered]
    public static func unrecognized(_ raw: String) -> Self { .unknown(raw) }
    public var wireValue: String {
        switch self {
        case .active: "Active"
        case .ordered: "Ordered"
        case .unknown(let raw): raw
        }
    }
}

/// Order status, lower-case on the wire (spec §3.7).
public enum OrderStatus: OpenEnum {
    case completed, pending, cancelled
    case unknown(String)

    public static let knownCases: [Self] = [.completed, .pending, .cancelled, .unknown("unknown")]
    public static let numericCases: [Int: Self] = [0: .unknown("unknown"), 1: .completed, 2: .pending, 3: .cancelled]
    public static func unrecognized(_ raw: String) -> Self { .unknown(raw) }
    public var wireValue: String {
        switch self {
        case .completed: "completed"
        case .pending: "pending"
        case .cancelled: "cancelled"
        case .unknown(let raw): raw
        }
    }
}

/// Subscription status (spec §3.10).
public enum SubscriptionStatus: OpenEnum {
    case none, active, pending, suspended, deleted, expired, disabled
    case unknown(String)

    public static let knownCases: [Self] = [.none, .active, .pending, .suspended, .deleted, .expired, .disabled]
    public static func unrecognized(_ raw: String) -> Self { .unknown(raw) }
    public var wireValue: String {
        switch self {
        case .none: "none"
        case .active: "active"
        case .pending: "pending"
        case .suspended: "suspended"
        case .deleted: "deleted"
        case .expired: "expired"
        case .disabled: "disabled"
        case .unknown(let raw): raw
        }
    }
}

/// Who a cart participant is (spec §3.2): `transaction_reseller`, `additional_transaction_reseller`, `consumption_reseller`.
public enum ParticipantType: OpenEnum {
    case transactionReseller, additionalTransactionReseller, consumptionReseller
    case unknown(String)

    public static let knownCases: [Self] = [.transactionReseller, .additionalTransactionReseller, .consumptionReseller]
    public static let numericCases: [Int: Self] = [1: .transactionReseller, 2: .consumptionReseller, 3: .additionalTransactionReseller]
    public static func unrecognized(_ raw: String) -> Self { .unknown(raw) }
    public var wireValue: String {
        switch self {
        case .transactionReseller: "transaction_reseller"
        case .additionalTransactionReseller: "additional_transaction_reseller"
        case .consumptionReseller: "consumption_reseller"
        case .unknown(let raw): raw
        }
    }
}

/// A customer's relationship to the partner (spec §3.11).
public enum CustomerPartnerRelationship: OpenEnum {
    case none, reseller, advisor, syndication, microsoftSupport
    case unknown(String)

    public static let knownCases: [Self] = [.none, .reseller, .advisor, .syndication, .microsoftSupport]
    public static func unrecognized(_ raw: String) -> Self { .unknown(raw) }
    public var wireValue: String {
        switch self {
        case .none: "none"
        case .reseller: "reseller"
        case .advisor: "advisor"
        case .syndication: "syndication"
        case .microsoftSupport: "microsoft_support"
        case .unknown(let raw): raw
        }
    }
}

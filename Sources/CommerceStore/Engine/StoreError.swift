/// Why the store refused or could not do something. The store speaks in its own terms; the server turns each
/// case into Partner Center's status and code (ARCHITECTURE: the store throws typed errors, not Partner Center codes).
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// The `postgres://` URL cannot be used.
    case badDatabaseURL(String)
    /// The store was closed; nothing more runs on it.
    case closed
    /// No such row, or it belongs to another partner.
    case notFound(Entity, id: String)
    /// A value that must be unique is taken.
    case taken(UniqueValue, value: String)
    /// The caller handed over a record the store cannot keep (a missing id or timestamp): a bug, not bad input.
    case incomplete(String)
    /// This `MS-RequestId` was answered before, for the same request: the answer to repeat.
    case answeredBefore(StoredResponse)
    /// This `MS-RequestId` was used before for a different request (another method, path or body).
    case requestIDReused(String)
    /// A snapshot to restore is not one the store can hold; says why.
    case unusableSnapshot(String)
    /// A partner already has as many customers as it may (the integration sandbox's cap).
    case customerLimitReached(Int)
    /// A customer already has as many open carts (not ordered, not expired) as it may.
    case openCartLimitReached(Int)
    /// The row changed between the read the caller worked from and the write's transaction; nothing was written.
    /// Read it again and retry.
    case changedSinceRead(Entity, id: String)

    /// Rows the store can fail to find.
    public enum Entity: String, Sendable {
        case cart, partner, subscription, webhookRegistration
    }

    /// Values the store keeps unique across the whole store.
    public enum UniqueValue: String, Sendable {
        /// A customer's `companyProfile.domain`.
        case customerDomain
        /// A user's sign-in name.
        case userPrincipalName
        /// A partner's webhook registration (one each).
        case webhookRegistration
        /// A partner's tenant id.
        case partnerTenantID
        /// The id of a customer, cart, order or subscription, which another partner holds.
        case recordID
        /// A customer's agreement confirmed again with the same template and contact.
        case agreementConfirmation
    }

    public var description: String {
        switch self {
        case .badDatabaseURL(let why): "Invalid database URL: \(why)."
        case .closed: "The store is closed."
        case .notFound(let entity, let id): "No \(entity.rawValue) \(id)."
        case .taken(let what, let value): "The \(what.rawValue) '\(value)' is already in use."
        case .incomplete(let what): "Incomplete record: \(what)."
        case .answeredBefore(let response): "Answered before with status \(response.status)."
        case .requestIDReused(let id): "Request id \(id) was used for another request."
        case .unusableSnapshot(let why): "Unusable snapshot: \(why)."
        case .customerLimitReached(let limit): "The partner has its \(limit) customers already."
        case .openCartLimitReached(let limit): "The customer has its \(limit) open carts already."
        case .changedSinceRead(let entity, let id): "The \(entity.rawValue) \(id) changed since it was read."
        }
    }
}

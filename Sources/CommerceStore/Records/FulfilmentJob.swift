import Foundation

/// A pending order claimed by a fulfilment worker.
public struct FulfilmentJob: Sendable, Equatable {
    public var orderID: String
    public var partnerID: String
    public var customerID: String
    public var country: String
    /// Which attempt this claim is (1 for the first). It doubles as the claim's token: a worker whose claim
    /// lapsed and was taken over can no longer complete or fail the job.
    public var attempt: Int
    /// What the operator decided for this order (`POST /_admin/orders/{id}/complete|fail`): `nil` lets the rules
    /// decide, an empty text completes it, any other text fails it with that reason.
    public var outcome: String? = nil
}

/// A fulfilment job as the operator sees it (`GET /_admin/fulfilment`).
public struct FulfilmentJobStatus: Sendable, Equatable {
    public var orderID: String
    public var partnerID: String
    public var customerID: String
    /// One of `states`.
    public var state: String
    /// The states a job goes through: `pending` (waiting, perhaps to be tried again), `running` (claimed),
    /// `done`, or `failed` for good (its order cancelled).
    public static let states: Set<String> = ["pending", "running", "done", "failed"]
    public var attempts: Int
    /// When it is next due (pending) or was last touched.
    public var dueAt: Date?
    /// Why the last attempt failed, if one did.
    public var lastError: String?
}

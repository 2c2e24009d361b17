/// Lets the sandbox (and tests) make fulfilling an order fail, as a provisioning system sometimes does, so the
/// worker's retries and its final failure can be exercised.
public protocol FulfilmentFaults: Sendable {
    /// Why this attempt (1 for the first) at fulfilling `orderID` fails, or `nil` to let it succeed.
    func failure(orderID: String, attempt: Int) -> String?
}

/// No injected failures.
public struct NoFulfilmentFaults: FulfilmentFaults {
    public init() {}
    public func failure(orderID: String, attempt: Int) -> String? { nil }
}

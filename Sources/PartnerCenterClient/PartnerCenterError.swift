import PartnerCenterModels

/// Every way a call can fail, in one type: the service refused it (an HTTP status, usually with Partner
/// Center's `ApiFault`), no answer arrived (network or timeout), or the answer could not be read.
///
/// The request and correlation ids are the ones Microsoft support (and this server's log) asks for; the
/// request id is also the one every retry of the call carried.
public struct PartnerCenterError: Error, Sendable, CustomStringConvertible {
    /// Why the call failed.
    public enum Kind: Sendable, Hashable {
        /// The service answered with a non-2xx status.
        case service
        /// The connection failed or closed before a whole answer arrived.
        case network
        /// No answer within the attempt's or the call's time limit.
        case timeout
        /// A 2xx answer whose body is not the resource expected.
        case unreadableResponse
    }

    public let kind: Kind
    /// The HTTP status, when the service answered.
    public let status: Int?
    /// The `ApiFault` body, when the service sent one.
    public let fault: ApiFault?
    /// The raw body, for answers that are not an `ApiFault` (gateways, proxies, throttling).
    public let body: String
    /// The `MS-RequestId` of the call (the same on every attempt).
    public let requestID: String
    public let correlationID: String
    /// Seconds the service asked to wait (`Retry-After`), on 429 and 503.
    public let retryAfter: Double?
    /// How many attempts were made before giving up.
    public let attempts: Int
    /// What went wrong below HTTP, for `network` and `timeout` (the underlying error's text).
    public let underlying: String?

    /// Partner Center's numeric error code (e.g. 600012), when the body carried one.
    public var code: Int? { fault?.code }

    /// The service's own words, or a description of what went wrong below HTTP.
    public var message: String {
        if let fault { return fault.description }
        if let underlying { return underlying }
        return body
    }

    public var description: String {
        // A token endpoint's failure has no request id: the ids are shown only when there are some.
        let ids = [("MS-RequestId", requestID), ("MS-CorrelationId", correlationID)].filter { !$0.1.isEmpty }.map { "\($0) \($1)" }
        let suffix = ids.isEmpty ? "" : " (\(ids.joined(separator: ", ")))"
        switch kind {
        case .service:
            let code = fault.map { " \($0.code)" } ?? ""
            return "HTTP \(status ?? 0)\(code): \(message)\(suffix)"
        case .network:
            return "network failure after \(attempts) attempt(s): \(message)\(suffix)"
        case .timeout:
            return "no answer in time after \(attempts) attempt(s): \(message)\(suffix)"
        case .unreadableResponse:
            return "unreadable answer\(status.map { " (HTTP \($0))" } ?? ""): \(message)\(suffix)"
        }
    }

    public init(
        kind: Kind, status: Int? = nil, fault: ApiFault? = nil, body: String = "", requestID: String, correlationID: String,
        retryAfter: Double? = nil, attempts: Int = 1, underlying: String? = nil
    ) {
        self.kind = kind
        self.status = status
        self.fault = fault
        self.body = body
        self.requestID = requestID
        self.correlationID = correlationID
        self.retryAfter = retryAfter
        self.attempts = attempts
        self.underlying = underlying
    }
}

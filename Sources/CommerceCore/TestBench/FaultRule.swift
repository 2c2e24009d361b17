import Foundation

/// One injected fault (`POST /_admin/faults`): which calls it matches and how it answers them. Rules are data, kept in
/// the store so every node applies the same ones (ARCHITECTURE decision 12).
public struct FaultRule: Codable, Sendable, Equatable {
    /// How a matched call is answered.
    public enum Answer: String, Codable, Sendable {
        /// An `ApiFault` with `status`, `code` and `description`.
        case error
        /// The gateway's 429 with `Retry-After: retryAfter`.
        case throttle
        /// The call runs normally, `delayMilliseconds` late.
        case delay
        /// The connection is closed without an answer.
        case drop
    }

    /// When the fault strikes, relative to the call's write.
    public enum Timing: String, Codable, Sendable {
        /// Instead of the call: nothing is written.
        case beforeCommit
        /// After the call has run and committed: its answer is kept for a retry with the same `MS-RequestId`, and the
        /// client sees the fault instead.
        case afterCommit
    }

    public var id: String
    /// The operation matched (`checkout`, `createCart`, `getOrders`, …, see `GET /_admin/faults/operations`); any when absent.
    public var operation: String?
    /// The partner tenant matched; any when absent.
    public var partnerId: String?
    /// The customer matched (calls under `/customers/{id}`); any when absent.
    public var customerId: String?
    /// The chance a matching call is hit, above 0 and at most 1; every call when absent.
    public var probability: Double?
    /// How many more calls this rule hits ("the next N calls"); without end when absent. A rule at 0 is spent.
    public var remaining: Int?
    public var when: Timing
    public var fault: Answer
    public var status: Int?
    public var code: Int?
    public var description: String?
    /// Seconds for `Retry-After` (throttle).
    public var retryAfter: Int?
    public var delayMilliseconds: Int?
    public var createdAt: Date

    public init(
        id: String, operation: String? = nil, partnerId: String? = nil, customerId: String? = nil, probability: Double? = nil,
        remaining: Int? = nil, when: Timing = .beforeCommit, fault: Answer, status: Int? = nil, code: Int? = nil,
        description: String? = nil, retryAfter: Int? = nil, delayMilliseconds: Int? = nil, createdAt: Date
    ) {
        self.id = id
        self.operation = operation
        self.partnerId = partnerId
        self.customerId = customerId
        self.probability = probability
        self.remaining = remaining
        self.when = when
        self.fault = fault
        self.status = status
        self.code = code
        self.description = description
        self.retryAfter = retryAfter
        self.delayMilliseconds = delayMilliseconds
        self.createdAt = createdAt
    }

    /// Most rules a store keeps: matching walks them all on every call.
    public static let maximumRules = 100
    /// Longest injected delay: past it a client's own timeout is what is being tested, and a minute shows that.
    public static let longestDelayMilliseconds = 60_000

    /// The rule with its answer completed by defaults and every value checked; a hostile or careless value is
    /// refused (800002), never stored.
    public func validated() throws(CommerceError) -> FaultRule {
        var rule = self
        if let probability, !(probability > 0 && probability <= 1) {
            throw .invalidRequest("probability must be above 0 and at most 1.", data: ["probability"])
        }
        if let remaining, !(1...1_000_000).contains(remaining) {
            throw .invalidRequest("times must be between 1 and 1000000.", data: ["times"])
        }
        // Lengths count Unicode scalars, as openapi.yaml's maxLength does (JSON Schema counts code points).
        for (name, value) in [("operation", operation), ("partnerId", partnerId), ("customerId", customerId)] {
            if let value, value.isEmpty || value.unicodeScalars.count > 128 {
                throw .invalidRequest("\(name) must be between 1 and 128 characters.", data: [name])
            }
        }
        // A value given is checked whatever the fault: one the fault does not use is still the caller's mistake.
        if let status, !(400...599).contains(status) {
            throw .invalidRequest("An error fault's status must be between 400 and 599.", data: ["status"])
        }
        if let code, !(0...99_999_999).contains(code) { throw .invalidRequest("code must be between 0 and 99999999.", data: ["code"]) }
        if let description, description.unicodeScalars.count > 1_024 {
            throw .invalidRequest("description holds at most 1024 characters.", data: ["description"])
        }
        if let retryAfter, !(0...86_400).contains(retryAfter) {
            throw .invalidRequest("retryAfter must be between 0 and 86400 seconds.", data: ["retryAfter"])
        }
        if let delayMilliseconds, !(0...Self.longestDelayMilliseconds).contains(delayMilliseconds) {
            throw .invalidRequest("A delay fault needs delayMilliseconds between 0 and 60000.", data: ["delayMilliseconds"])
        }
        rule.operation = operation?.lowercased()
        rule.partnerId = partnerId?.lowercased()
        rule.customerId = customerId?.lowercased()
        switch fault {
        case .error:
            rule.status = status ?? 500
            guard let status = rule.status, (400...599).contains(status) else {
                throw .invalidRequest("An error fault's status must be between 400 and 599.", data: ["status"])
            }
            rule.code = code ?? status
            guard let code = rule.code, (0...99_999_999).contains(code) else {
                throw .invalidRequest("code must be between 0 and 99999999.", data: ["code"])
            }
            rule.description = description ?? "Injected fault."
            if let text = rule.description, text.unicodeScalars.count > 1_024 {
                throw .invalidRequest("description holds at most 1024 characters.", data: ["description"])
            }
        case .throttle:
            rule.retryAfter = retryAfter ?? 1
            guard let seconds = rule.retryAfter, (0...86_400).contains(seconds) else {
                throw .invalidRequest("retryAfter must be between 0 and 86400 seconds.", data: ["retryAfter"])
            }
        case .delay:
            guard let delay = delayMilliseconds, (0...Self.longestDelayMilliseconds).contains(delay) else {
                throw .invalidRequest("A delay fault needs delayMilliseconds between 0 and 60000.", data: ["delayMilliseconds"])
            }
        case .drop:
            break
        }
        return rule
    }

    /// Whether this rule is meant for a call (before its probability is drawn).
    public func matches(operation: String, partnerId: String?, customerId: String?) -> Bool {
        if remaining == 0 { return false }
        if let wanted = self.operation, wanted != operation.lowercased() { return false }
        if let wanted = self.partnerId, wanted != partnerId?.lowercased() { return false }
        if let wanted = self.customerId, wanted != customerId?.lowercased() { return false }
        return true
    }
}

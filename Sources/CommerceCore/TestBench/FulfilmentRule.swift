import Foundation

/// How orders of chosen catalog items are fulfilled (`POST /_admin/fulfilment/rules`), instead of after the server's
/// delay: at once, after some seconds, after some reads of the order, only when told, or never (cancelled).
public struct FulfilmentRule: Codable, Sendable, Equatable {
    public enum Mode: String, Codable, Sendable, CaseIterable {
        /// Completed as soon as the worker sees it.
        case immediately
        /// Completed `seconds` after checkout (on the server's clock).
        case afterSeconds
        /// Pending for `reads` reads of the order (or its provisioning status), completed on the next.
        case afterReads
        /// Pending until `POST /_admin/orders/{id}/complete` or `/fail`.
        case hold
        /// Cancelled with `reason`, without retries.
        case fail
    }

    public var id: String
    /// Matches an order with a line whose catalog item id starts with this (any case): a product id, a SKU's
    /// `product:sku`, or a whole catalog item id. Every order when absent.
    public var catalogItemId: String?
    /// Only this partner's orders (lower case); every partner's when absent.
    public var partnerId: String?
    public var mode: Mode
    public var seconds: Double?
    public var reads: Int?
    public var reason: String?
    public var createdAt: Date

    public init(
        id: String, catalogItemId: String? = nil, partnerId: String? = nil, mode: Mode, seconds: Double? = nil, reads: Int? = nil,
        reason: String? = nil, createdAt: Date
    ) {
        self.id = id
        self.catalogItemId = catalogItemId
        self.partnerId = partnerId
        self.mode = mode
        self.seconds = seconds
        self.reads = reads
        self.reason = reason
        self.createdAt = createdAt
    }

    public static let maximumRules = 100
    /// When a held order is due: past any time the clock can reach, so only an explicit release completes it.
    public static let never = Date(timeIntervalSince1970: 253_370_764_800)

    /// The rule completed by defaults and checked; a careless or hostile value is refused (800002).
    public func validated() throws(CommerceError) -> FulfilmentRule {
        var rule = self
        if let item = catalogItemId, item.isEmpty || item.unicodeScalars.count > 128 {
            throw .invalidRequest("catalogItemId must be between 1 and 128 characters.", data: ["catalogItemId"])
        }
        // A value given is checked whatever the mode: one the mode does not use is still the caller's mistake.
        if let seconds, !(seconds.isFinite && (0...ClockSetting.longestMove).contains(seconds)) {
            throw .invalidRequest("afterSeconds needs seconds between 0 and 3153600000.", data: ["seconds"])
        }
        if let reads, !(1...1_000).contains(reads) { throw .invalidRequest("afterReads needs reads between 1 and 1000.", data: ["reads"]) }
        if let reason, reason.unicodeScalars.count > 1_024 { throw .invalidRequest("reason holds at most 1024 characters.", data: ["reason"]) }
        if let partner = partnerId, partner.isEmpty || partner.unicodeScalars.count > 128 {
            throw .invalidRequest("partnerId must be between 1 and 128 characters.", data: ["partnerId"])
        }
        rule.catalogItemId = catalogItemId?.lowercased()
        rule.partnerId = partnerId?.lowercased()
        switch mode {
        case .afterSeconds:
            guard let seconds, seconds.isFinite, (0...ClockSetting.longestMove).contains(seconds) else {
                throw .invalidRequest("afterSeconds needs seconds between 0 and 3153600000.", data: ["seconds"])
            }
        case .afterReads:
            guard let reads, (1...1_000).contains(reads) else { throw .invalidRequest("afterReads needs reads between 1 and 1000.", data: ["reads"]) }
        case .fail:
            rule.reason = reason ?? "Fulfilment failed (injected)."
            if let text = rule.reason, text.unicodeScalars.count > 1_024 {
                throw .invalidRequest("reason holds at most 1024 characters.", data: ["reason"])
            }
        case .immediately, .hold:
            break
        }
        return rule
    }

    /// Whether the rule is for an order of `partner` with these catalog item ids.
    public func matches(_ catalogItemIDs: [String], partner: String?) -> Bool {
        if let partnerId, partnerId != partner?.lowercased() { return false }
        guard let prefix = catalogItemId else { return true }
        return catalogItemIDs.contains { $0.lowercased().hasPrefix(prefix) }
    }

    /// When an order this rule governs is due, checked out at `now`.
    public func due(at now: Date) -> Date {
        switch mode {
        case .immediately, .fail: now
        case .afterSeconds: now.addingTimeInterval(seconds ?? 0)
        case .afterReads, .hold: Self.never
        }
    }
}

extension Array where Element == FulfilmentRule {
    /// The rule that governs an order of `partner` with these catalog item ids: the newest that matches.
    public func governing(_ catalogItemIDs: [String], partner: String?) -> FulfilmentRule? {
        last { $0.matches(catalogItemIDs, partner: partner) }
    }
}

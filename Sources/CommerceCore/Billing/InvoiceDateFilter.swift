import Foundation
import PartnerCenterModels

/// The `filter` of `GET /invoices` (billing spec §4): on `InvoiceDate` only, as the SDKs write it —
/// `{"Field":"InvoiceDate","Value":"2024-01-01","Operator":"greater_than_or_equals"}` — or two such joined by
/// `{"Operator":"and"|"or","LeftFilter":…,"RightFilter":…}` (or a `Filters` array). Names and operators in any case.
/// A date alone compares by UTC day; a date and time, by instant.
public indirect enum InvoiceDateFilter: Sendable, Equatable {
    case compare(Comparison, Date, byDay: Bool)
    case all([InvoiceDateFilter])
    case any([InvoiceDateFilter])

    public enum Comparison: String, Sendable {
        case equals
        case notEquals = "not_equals"
        case greaterThan = "greater_than"
        case greaterThanOrEquals = "greater_than_or_equals"
        case lessThan = "less_than"
        case lessThanOrEquals = "less_than_or_equals"
    }

    /// How deep compounds may nest: a filter is a few conditions, not a program.
    static let maximumDepth = 4

    /// The filter a query's text asks for.
    public static func parse(_ text: String) throws(CommerceError) -> InvoiceDateFilter {
        guard text.utf8.count <= 4096, let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else {
            throw .invalidRequest("filter must be JSON naming InvoiceDate, a Value and an Operator.", data: ["filter"])
        }
        return try read(value, depth: 0)
    }

    static func read(_ value: JSONValue, depth: Int) throws(CommerceError) -> InvoiceDateFilter {
        guard depth < maximumDepth, case .object(let raw) = value else {
            throw .invalidRequest("filter must be JSON naming InvoiceDate, a Value and an Operator.", data: ["filter"])
        }
        let fields = Dictionary(raw.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        guard case .string(let operation)? = fields["operator"] else {
            throw .invalidRequest("filter must name an Operator.", data: ["filter"])
        }
        let joined = operation.lowercased()
        if joined == "and" || joined == "or" {
            var parts: [JSONValue] = []
            if case .array(let list)? = fields["filters"] { parts = list }
            if let left = fields["leftfilter"], let right = fields["rightfilter"] { parts = [left, right] }
            guard !parts.isEmpty, parts.count <= 8 else {
                throw .invalidRequest("A compound filter joins LeftFilter and RightFilter.", data: ["filter"])
            }
            var filters: [InvoiceDateFilter] = []
            for part in parts { filters.append(try read(part, depth: depth + 1)) }
            return joined == "and" ? .all(filters) : .any(filters)
        }
        guard case .string(let field)? = fields["field"], field.caseInsensitiveCompare("InvoiceDate") == .orderedSame else {
            throw .invalidRequest("Invoices can be filtered by InvoiceDate only.", data: ["filter"])
        }
        guard let comparison = Comparison(rawValue: joined) else {
            throw .invalidRequest(
                "filter's Operator must be equals, not_equals, greater_than, greater_than_or_equals, less_than, less_than_or_equals, and or or.",
                data: ["filter"])
        }
        guard case .string(let text)? = fields["value"], let (date, byDay) = day(text) else {
            throw .invalidRequest("filter's Value must be a date such as 2024-01-01.", data: ["filter"])
        }
        return .compare(comparison, date, byDay: byDay)
    }

    /// `2024-01-01` (by day) or an ISO 8601 date and time (by instant).
    static func day(_ text: String) -> (Date, Bool)? {
        if text.utf8.count == 10, let month = BillingMonth(String(text.prefix(7))), text.dropFirst(7).first == "-",
            text.suffix(2).allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text.suffix(2)), (1...31).contains(number)
        {
            let date = month.start.addingTimeInterval(Double(number - 1) * 86_400)
            return date < month.end ? (date, true) : nil
        }
        return WireDate.parse(text).map { ($0, false) }
    }

    /// Whether an invoice dated `date` passes.
    public func matches(_ date: Date) -> Bool {
        switch self {
        case .all(let filters): return filters.allSatisfy { $0.matches(date) }
        case .any(let filters): return filters.contains { $0.matches(date) }
        case .compare(let comparison, let value, let byDay):
            let left = byDay ? BillingMonth.calendar.startOfDay(for: date) : date
            switch comparison {
            case .equals: return left == value
            case .notEquals: return left != value
            case .greaterThan: return left > value
            case .greaterThanOrEquals: return left >= value
            case .lessThan: return left < value
            case .lessThanOrEquals: return left <= value
            }
        }
    }
}

import Foundation

/// A billing period: a calendar month in UTC (billing spec §3), as recon and invoices count them.
public struct BillingMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The month `date` falls in.
    public init(containing date: Date) {
        let parts = Self.calendar.dateComponents([.year, .month], from: date)
        self.year = parts.year ?? 1
        self.month = parts.month ?? 1
    }

    /// `2030-03`; nil for anything else, or a year outside 2000–9999 (no billing exists before, and the store's
    /// time text has four digits).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        // Digits only: `Int` also reads a sign (`2030-+3`).
        guard parts.count == 2, parts[0].utf8.count == 4, parts[1].utf8.count == 2,
            parts.allSatisfy({ $0.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } }), let year = Int(parts[0]),
            let month = Int(parts[1]),
            (2000...9999).contains(year), (1...12).contains(month)
        else { return nil }
        self.year = year
        self.month = month
    }

    init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// Its first instant.
    public var start: Date { Self.calendar.date(from: DateComponents(year: year, month: month, day: 1)) ?? .distantPast }
    /// The first instant after it (the next month's start).
    public var end: Date { next.start }
    /// Its last day, at midnight: what an invoice writes as `billingPeriodEndDate`.
    public var lastDay: Date { end.addingTimeInterval(-86_400) }

    public var next: BillingMonth { month == 12 ? BillingMonth(year: year + 1, month: 1) : BillingMonth(year: year, month: month + 1) }
    public var previous: BillingMonth { month == 1 ? BillingMonth(year: year - 1, month: 12) : BillingMonth(year: year, month: month - 1) }

    /// `2030-03`.
    public var description: String { String(format: "%04d-%02d", year, month) }

    public static func < (lhs: BillingMonth, rhs: BillingMonth) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }

    /// The first month not yet closable at `now`: a month closes into its invoices once the clock passes its end
    /// plus the invoice delay, so every month before the one holding `now − delay` may close.
    public static func firstOpen(at now: Date, invoiceDelayDays: Int) -> BillingMonth {
        BillingMonth(containing: now.addingTimeInterval(-Double(invoiceDelayDays) * 86_400))
    }
}

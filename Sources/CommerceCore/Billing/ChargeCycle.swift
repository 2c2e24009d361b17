import Foundation
import PartnerCenterModels

/// One charge cycle of a term: it follows the purchase day, not the calendar month (bought on 15 February with
/// monthly billing, it runs 15 February to 14 March). The last one ends with the term, so it may be short.
public struct ChargeCycle: Equatable, Sendable {
    /// The cycle's first instant, and the instant the next one begins (or the term ends).
    public var start: Date
    public var end: Date

    /// Whole calendar days (UTC) in the cycle; at least one.
    public var days: Int { max(ChargeCycle.days(from: start, to: end), 1) }

    /// The last day of the cycle, as recon lines write `chargeEndDate` (the day before the next cycle begins).
    public var lastDay: Date { ChargeCycle.calendar.date(byAdding: .day, value: -1, to: ChargeCycle.calendar.startOfDay(for: end)) ?? end }

    /// Whole UTC days from the day of `from` to the day of `to` (negative when `to` is earlier).
    public static func days(from: Date, to: Date) -> Int {
        calendar.dateComponents([.day], from: calendar.startOfDay(for: from), to: calendar.startOfDay(for: to)).day ?? 0
    }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Months in one charge cycle: one for monthly billing, twelve for annual, 36 for triennial, the whole term when
    /// billed once; nil for what is not charged by cycle (no term, trials, usage).
    public static func months(billing: BillingCycleType, termDuration: String?) -> Int? {
        switch billing {
        case .monthly: return 1
        case .annual: return 12
        case .biennial: return 24
        case .triennial: return 36
        case .oneTime:
            // Bounded as term lengths are (a century at most), so the month counts below cannot overflow.
            guard let term = termDuration?.uppercased(), term.count <= 8, term.hasPrefix("P"), let count = Int(term.dropFirst().dropLast()),
                (1...100).contains(count)
            else {
                return nil
            }
            switch term.last {
            case "M": return count
            case "Y": return 12 * count
            default: return nil
            }
        default: return nil
        }
    }

    /// The cycles of a term from `termStart` to `termEnd` (exclusive), in order; empty when it is not charged by cycle.
    /// Each cycle is counted from the term's start (the 31st stays the 31st where a month has one), never from the
    /// cycle before, so cycles do not drift.
    public static func cycles(termStart: Date, termEnd: Date, billing: BillingCycleType, termDuration: String?) -> [ChargeCycle] {
        guard let months = months(billing: billing, termDuration: termDuration), termEnd > termStart else { return [] }
        var cycles: [ChargeCycle] = []
        var index = 0
        // A term is at most a few years of months; the bound only guards against a corrupt date.
        while index < 1_200, let start = calendar.date(byAdding: .month, value: index * months, to: termStart), start < termEnd {
            let next = calendar.date(byAdding: .month, value: (index + 1) * months, to: termStart) ?? termEnd
            cycles.append(ChargeCycle(start: start, end: min(next, termEnd)))
            index += 1
        }
        return cycles
    }

    /// The cycle of the term that holds `instant`, if any.
    public static func cycle(
        containing instant: Date, termStart: Date, termEnd: Date, billing: BillingCycleType, termDuration: String?
    ) -> ChargeCycle? {
        cycles(termStart: termStart, termEnd: termEnd, billing: billing, termDuration: termDuration).first {
            $0.start <= instant && instant < $0.end
        }
    }
}

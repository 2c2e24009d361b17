import Foundation
import PartnerCenterModels

extension Term {
    /// Longest count a duration may name (`P9999D`): terms are months or years, and the bound keeps the date
    /// arithmetic below from overflowing on whatever a client writes.
    static let maximumCount = 9999

    /// When a term of `duration` (`P1M`, `P1Y`, `P3Y`, `P30D`) that starts at `start` ends; `nil` for no term.
    public static func end(of duration: String?, from start: Date) -> Date? {
        guard let duration, duration.count <= 8, duration.uppercased().hasPrefix("P"), let number = Int(duration.dropFirst().dropLast()),
            (0...maximumCount).contains(number)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        switch duration.uppercased().last {
        case "D": return calendar.date(byAdding: .day, value: number, to: start)
        case "W": return calendar.date(byAdding: .day, value: 7 * number, to: start)
        case "M": return calendar.date(byAdding: .month, value: number, to: start)
        case "Y": return calendar.date(byAdding: .year, value: number, to: start)
        default: return nil
        }
    }
}

import Foundation

/// Partner Center's date-time text: ISO 8601, UTC, seven fractional digits on output
/// (`2019-01-16T00:45:41.6062990Z`); on input any ISO 8601 form real clients send, including the .NET SDK's
/// zone-less `0001-01-01T00:00:00` and offsets such as `+00:00`.
///
/// Output is exact to the microsecond (the seventh digit is 0): `Foundation.Date` counts seconds since 2001 in
/// a `Double`, which near today is spaced about 119 ns apart, so 100-ns steps would not survive a round trip
/// and a stored time could come back one tick off.
public enum WireDate {
    /// Formats a date the way Partner Center does.
    public static func format(_ date: Date) -> String {
        // Whole microseconds: the nearest one is the same every time a stored value is read back.
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let seconds = (micros / 1_000_000).rounded(.down)
        let fraction = Int(micros - seconds * 1_000_000) * 10
        let parts = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: seconds))
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%07dZ",
            parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, fraction
        )
    }

    /// Parses an ISO 8601 date-time leniently; `nil` when the text is not one.
    public static func parse(_ text: String) -> Date? {
        let scalars = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= scalars.count else { return nil }
            var value = 0
            for byte in scalars[index..<index + digits] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += digits
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < scalars.count, scalars[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2) else { return nil }
        var hour = 0, minute = 0, second = 0
        var fraction = 0.0
        if index < scalars.count, scalars[index] == 84 || scalars[index] == 116 || scalars[index] == 32 {
            index += 1
            guard let h = number(2), expect(58), let m = number(2) else { return nil }
            hour = h
            minute = m
            if expect(58) {
                guard let s = number(2) else { return nil }
                second = s
                if expect(46) || expect(44) {
                    var scale = 0.1
                    var sawDigit = false
                    while index < scalars.count, scalars[index] >= 48, scalars[index] <= 57 {
                        fraction += Double(scalars[index] - 48) * scale
                        scale /= 10
                        index += 1
                        sawDigit = true
                    }
                    guard sawDigit else { return nil }
                }
            }
        }
        var offsetSeconds = 0
        if index < scalars.count {
            switch scalars[index] {
            case 90, 122:  // Z
                index += 1
            case 43, 45:  // + or -
                let sign = scalars[index] == 45 ? -1 : 1
                index += 1
                guard let oh = number(2) else { return nil }
                _ = expect(58)
                let om = number(2) ?? 0
                offsetSeconds = sign * (oh * 3600 + om * 60)
            default:
                return nil
            }
        }
        guard index == scalars.count, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else {
            return nil
        }
        var parts = DateComponents()
        parts.year = year
        parts.month = month
        parts.day = day
        parts.hour = hour
        parts.minute = minute
        parts.second = second
        guard let whole = utc.date(from: parts) else { return nil }
        return whole.addingTimeInterval(fraction - Double(offsetSeconds))
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}

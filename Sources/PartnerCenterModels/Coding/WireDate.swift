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
        guard seconds.magnitude < 1e15 else { return "0001-01-01T00:00:00.0000000Z" }
        let whole = Int(seconds)
        let days = whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400
        let time = whole - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        guard (0...9999).contains(year) else {
            return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%07dZ", year, month, day, time / 3600, time / 60 % 60, time % 60, fraction)
        }
        // Written digit by digit: this runs for every date of every body encoded, and String(format:) costs
        // several microseconds each time.
        var bytes = [UInt8](repeating: 0, count: 28)
        func put(_ value: Int, at offset: Int, digits: Int) {
            var value = value
            for index in stride(from: offset + digits - 1, through: offset, by: -1) {
                bytes[index] = UInt8(48 + value % 10)
                value /= 10
            }
        }
        put(year, at: 0, digits: 4)
        bytes[4] = 45
        put(month, at: 5, digits: 2)
        bytes[7] = 45
        put(day, at: 8, digits: 2)
        bytes[10] = 84
        put(time / 3600, at: 11, digits: 2)
        bytes[13] = 58
        put(time / 60 % 60, at: 14, digits: 2)
        bytes[16] = 58
        put(time % 60, at: 17, digits: 2)
        bytes[19] = 46
        put(fraction, at: 20, digits: 7)
        bytes[27] = 90
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Days since 1970-01-01 of a date in the proleptic Gregorian calendar (the one ISO 8601 uses, for every year).
    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01.
    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Parses an ISO 8601 date-time leniently; `nil` when the text is not one.
    public static func parse(_ text: String) -> Date? {
        let scalars = Array(text.trimmingWhitespace().utf8)
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
        var hour = 0
        var minute = 0
        var second = 0
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
        let whole = days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: Double(whole) + fraction - Double(offsetSeconds))
    }
}

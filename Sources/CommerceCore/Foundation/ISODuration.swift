import Foundation

/// An ISO 8601 duration (`P8D`, `PT2H30M`, `P1Y2M3DT4H5M6.5S`, `P2W`) as seconds, for moving the clock. A year
/// counts 365 days and a month 30: a move of the server's time, not a calendar calculation.
public enum ISODuration {
    /// The seconds `text` stands for, or `nil` when it is not a duration (or overflows).
    public static func seconds(_ text: String) -> TimeInterval? {
        let upper = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard upper.hasPrefix("P"), upper.count > 1, upper.count <= 64 else { return nil }
        var total: Double = 0
        var number = ""
        var inTime = false
        var components = 0
        var timeComponents = 0
        for character in upper.dropFirst() {
            if character.isASCII, character.isNumber || character == "." {
                number.append(character)
                continue
            }
            if character == "T" {
                guard !inTime, number.isEmpty else { return nil }
                inTime = true
                continue
            }
            guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
            // Fractions only on seconds, as the standard's common profile allows.
            guard number.contains(".") == false || (inTime && character == "S") else { return nil }
            let unit: Double? =
                switch (inTime, character) {
                case (false, "Y"): 365 * 86_400
                case (false, "M"): 30 * 86_400
                case (false, "W"): 7 * 86_400
                case (false, "D"): 86_400
                case (true, "H"): 3_600
                case (true, "M"): 60
                case (true, "S"): 1
                default: nil
                }
            guard let unit else { return nil }
            total += value * unit
            number = ""
            components += 1
            if inTime { timeComponents += 1 }
        }
        // A `T` must be followed by hours, minutes or seconds (`P1DT` is not a duration).
        guard number.isEmpty, components > 0, !inTime || timeComponents > 0, total.isFinite else { return nil }
        return total
    }
}

import Foundation

/// Amounts of money as text, read and written exactly (no binary floating point on the way): `Decimal` holds them,
/// and only plain decimal notation is accepted, so "1e3", "0x10", "NaN" or a locale's comma never slip in.
public enum MoneyText {
    /// Longest amount read: more digits than any price or total needs, far fewer than `Decimal`'s 38.
    static let maximumLength = 24

    /// `"14.4"`, `"-3.87"`, `"16"`; nil for anything else.
    public static func parse(_ text: String) -> Decimal? {
        guard (1...maximumLength).contains(text.utf8.count) else { return nil }
        var digits = 0
        var points = 0
        for (index, character) in text.utf8.enumerated() {
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "."): points += 1
            case UInt8(ascii: "-") where index == 0: continue
            default: return nil
            }
        }
        guard digits > 0, points <= 1, text.last != "." else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// `value` rounded to `scale` decimal places, halves away from zero (what a bill shows: 3.866… is 3.87).
    public static func rounded(_ value: Decimal, scale: Int = 2) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, scale, .plain)
        return output
    }

    /// The amount as Partner Center's recon files write it: plain digits, no exponent, no trailing zeros ("14.4").
    public static func format(_ value: Decimal) -> String {
        let text = value.description
        return text == "-0" ? "0" : text
    }
}

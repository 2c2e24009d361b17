import Foundation
import PartnerCenterModels
import Testing

/// Dates out as Partner Center writes them; in as any ISO 8601 form clients send.
@Suite struct WireDateTests {
    @Test func formatsSevenFractionalDigitsInUTCExactToTheMicrosecond() {
        let date = Date(timeIntervalSince1970: 1_547_599_541.606_299_6)
        #expect(WireDate.format(date) == "2019-01-16T00:45:41.6063000Z")
        #expect(WireDate.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.0000000Z")
    }

    @Test(arguments: [
        ("2019-01-16T00:48:44.76+00:00", "2019-01-16T00:48:44.7600000Z"),
        ("2019-01-16T02:48:44.76+02:00", "2019-01-16T00:48:44.7600000Z"),
        ("2019-01-16T00:48:44Z", "2019-01-16T00:48:44.0000000Z"),
        ("2019-01-16T00:48:44", "2019-01-16T00:48:44.0000000Z"),
        ("2022-02-19", "2022-02-19T00:00:00.0000000Z"),
        ("0001-01-01T00:00:00", "0001-01-01T00:00:00.0000000Z"),
    ])
    func parsesClientForms(_ input: String, _ expected: String) throws {
        let date = try #require(WireDate.parse(input))
        #expect(WireDate.format(date) == expected)
    }

    @Test(arguments: ["", "yesterday", "2019-13-01T00:00:00Z", "2019-01-16T25:00:00Z", "2019-01-16T00:00:00Zjunk", "2019-01-16T00:00:00."])
    func refusesNonDates(_ input: String) {
        #expect(WireDate.parse(input) == nil)
    }

    @Test func formatParseRoundTripIsStable() throws {
        let text = "2026-11-21T05:20:15.1234560Z"
        let date = try #require(WireDate.parse(text))
        #expect(WireDate.format(date) == text)
        // Every microsecond of a second near today survives format → parse → format.
        let base = try #require(WireDate.parse("2026-11-21T06:02:59Z"))
        for micro in stride(from: 0, to: 1_000_000, by: 997) {
            let once = WireDate.format(base.addingTimeInterval(Double(micro) / 1_000_000))
            #expect(WireDate.format(try #require(WireDate.parse(once))) == once)
        }
    }

    /// The formatter writes digits itself (it runs for every date of every body); it must agree with Foundation's
    /// ISO 8601 formatter on every day from 1900 to 2200 and at the edges of a day, and read back what it wrote.
    @Test func handWrittenDigitsAgreeWithFoundation() throws {
        let reference = ISO8601DateFormatter()
        reference.formatOptions = [.withInternetDateTime]
        reference.timeZone = TimeZone(identifier: "UTC")
        var seconds = -2_208_988_800.0  // 1900-01-01
        while seconds < 7_258_118_400 {  // 2200-01-01
            for offset in [0.0, 86_399.0, 43_210.123456] {
                let date = Date(timeIntervalSince1970: seconds + offset)
                let text = WireDate.format(date)
                #expect(text.prefix(19) == reference.string(from: date).prefix(19), "\(seconds + offset)")
                #expect(WireDate.format(try #require(WireDate.parse(text))) == text)
            }
            seconds += 86_400 * 7 + 3_601
        }
        #expect(WireDate.format(try #require(WireDate.parse("0001-01-01T00:00:00"))) == "0001-01-01T00:00:00.0000000Z")
        #expect(WireDate.format(try #require(WireDate.parse("  2024-02-29T12:00:00Z\t"))) == "2024-02-29T12:00:00.0000000Z")
    }

    @Test func decoderRejectsAnInvalidDateInAClientField() {
        let body = #"{"lineItems":[{"catalogItemId":"a","quantity":1,"customTermEndDate":"not a date"}]}"#
        #expect(throws: DecodingError.self) { try PartnerCenterJSON.makeDecoder().decode(Cart.self, from: Data(body.utf8)) }
    }
}

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

    @Test func decoderRejectsAnInvalidDateInAClientField() {
        let body = #"{"lineItems":[{"catalogItemId":"a","quantity":1,"customTermEndDate":"not a date"}]}"#
        #expect(throws: DecodingError.self) { try PartnerCenterJSON.makeDecoder().decode(Cart.self, from: Data(body.utf8)) }
    }
}

import Foundation
import PartnerCenterModels
import Testing

/// `trimmingWhitespace()` cuts ASCII edges by hand; it must give what Foundation gives for any text.
@Suite struct WhitespaceTests {
    @Test(arguments: [
        "", " ", "\t", "  \t ", "Bearer x", "  Bearer x \t", "\u{00A0}x\u{00A0}", "\u{3000} x", "x \u{2003}", "é", " é ", "a b", "\n x \n",
        "\t\u{00A0} y", "日本語 ", " zh-TW",
    ])
    func agreesWithFoundation(_ text: String) {
        #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces))
        #expect(text[...].trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces))
    }
}

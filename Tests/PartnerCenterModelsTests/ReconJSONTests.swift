import Foundation
import Testing

@testable import PartnerCenterModels

/// Recon lines written by their own writer are the bytes the canonical encoder writes for them, odd strings included.
@Suite struct ReconJSONTests {
    @Test(arguments: [
        "", "Contoso", "a\"b\\c/d", "tab\there\nnew\rline\u{8}\u{C}", "\u{0}\u{1F}\u{7F}", "é 日本 🙂", "=HYPERLINK(\"x\")", "[\"Price\"]",
    ])
    func theWriterIsTheEncoder(_ text: String) throws {
        var line = OneTimeInvoiceLineItem()
        line.customerName = text
        line.productName = text + "!"
        line.priceAdjustmentDescription = #"["Price for given billing period","Price for given term"]"#
        line.subtotal = "-6.5"
        line.productQualifiers = text.isEmpty ? [] : [text, "AddOn"]
        var tagged = line
        tagged.attributes = ResourceAttributes(objectType: "OneTimeInvoiceLineItem", etag: "e")
        for lines in [[line], [line, tagged, OneTimeInvoiceLineItem()], []] {
            #expect(OneTimeInvoiceLineItem.canonicalJSONArray(lines) == (try PartnerCenterJSON.encode(lines)), "\(text)")
        }
    }
}

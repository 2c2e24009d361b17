import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import PartnerCenterModels
import TestSupport
import Testing

/// The unbilled recon lines over HTTP (issue 28, point 4): every field, the .NET SDK's discriminators, seek paging
/// with tokens bound to their partner and query, and the service's refusals.
@Suite struct ReconTests {
    static let unbilled = "/v1/invoices/unbilled/lineitems?provider=onetime&invoicelineitemtype=billinglineitems&currencycode=usd&period=current"

    @Test(arguments: TestEngine.all) func aPurchaseIsAReconLineAndFiveThousandPageInThree(_ engine: TestEngine) async throws {
        try await SubscriptionLifeTests.run(engine: engine) { server, life in
            let subscription = try await ChargeTests.buy(life, seats: 10)
            let listed = try await life.call(.get, Self.unbilled).json()
            let items = try #require(listed["items"] as? [[String: Any]], "\(listed)")
            #expect(items.count == 1)
            let line = try #require(items.first)
            // Every field of the line, strings where the NCE example has strings.
            let fields = Mirror(reflecting: OneTimeInvoiceLineItem()).children.compactMap(\.label)
            #expect(Set(line.keys) == Set(fields), "\(Set(fields).symmetricDifference(line.keys))")
            #expect(line["chargeType"] as? String == "new")
            #expect(line["subscriptionId"] as? String == subscription)
            #expect(line["subtotal"] as? String == "36")
            #expect(line["effectiveUnitPrice"] as? String == "3.6")
            #expect(line["unitPrice"] as? String == "4")
            #expect(line["totalForCustomer"] as? String == "36")
            #expect(line["invoiceNumber"] as? String == "")
            #expect(line["customerCountry"] as? String == "US")
            #expect(line["chargeStartDate"] as? String == "2030-03-03T00:00:00Z")
            #expect(line["chargeEndDate"] as? String == "2030-04-02T00:00:00Z")
            #expect(line["termAndBillingCycle"] as? String == "One-Year commitment for monthly/yearly billing")
            // The .NET SDK picks the class by these two, and throws without them.
            #expect(line["invoiceLineItemType"] as? String == "billing_line_items")
            #expect(line["billingProvider"] as? String == "one_time")
            #expect((line["attributes"] as? [String: Any])?["objectType"] as? String == "OneTimeInvoiceLineItem")

            // 4,999 more lines: three pages of at most 2,000, each led to by the one before.
            let store = server.server.store
            let first = try #require(try await store.chargeIDs(subscriptionID: subscription).first)
            try await store.addChargeCopiesForLoadTest(of: first, copies: 4_999)
            var pages: [Int] = []
            var seen = Set<String>()
            var next: (uri: String, token: String)? = (Self.unbilled.replacingOccurrences(of: "/v1", with: ""), "")
            var lastToken = ""
            while let link = next {
                let headers: HTTPFields = link.token.isEmpty ? [:] : [.init("MS-ContinuationToken")!: link.token]
                let page = try await life.call(.get, "/v1" + link.uri, headers: headers).json()
                let lines = try #require(page["items"] as? [[String: Any]], "\(page)")
                pages.append(lines.count)
                for line in lines {
                    seen.insert(line["referenceId"] as? String ?? "")
                    #expect(Self.dotnetClass(line) == "OneTimeInvoiceLineItem", "\(line)")
                }
                let following = (page["links"] as? [String: Any])?["next"] as? [String: Any]
                let token = ((following?["headers"] as? [[String: Any]])?.first?["value"] as? String) ?? ""
                #expect(token == (page["continuationToken"] as? String ?? ""))
                if !token.isEmpty { lastToken = token }
                next = following.map { ($0["uri"] as? String ?? "", token) }
                #expect(pages.count <= 3)
                if pages.count > 3 { break }
            }
            #expect(pages == [2000, 2000, 1000])
            #expect(seen.count == 1, "copies share their reference id; the count of lines is what pages")

            // A token edited, or used for another query or partner, is refused with an ApiFault.
            let tampered = String(lastToken.dropLast(2)) + (lastToken.hasSuffix("AA") ? "BB" : "AA")
            let path = Self.unbilled + "&seekOperation=Next"
            _ = try await life.call(.get, path, headers: [.init("MS-ContinuationToken")!: tampered]).expectFault(.badRequest, code: 800002)
            _ = try await life.call(.get, path.replacingOccurrences(of: "usd", with: "eur"), headers: [.init("MS-ContinuationToken")!: lastToken])
                .expectFault(.badRequest, code: 800002)
            let stranger = try await server.tokenForNewPartner(PartnerRecord(tenantID: UUID().uuidString, name: "Stranger"))
            _ = try await server.call(.get, path, token: stranger, headers: [.init("MS-ContinuationToken")!: lastToken])
                .expectFault(.badRequest, code: 800002)
            // No listing shows another partner's line.
            #expect((try await server.call(.get, Self.unbilled, token: stranger).json()["items"] as? [Any])?.isEmpty == true)
        }
    }

    /// The .NET SDK's `InvoiceLineItemConverter`: the class a line decodes to, chosen by its two discriminators
    /// (it throws for a pair it does not know).
    static func dotnetClass(_ line: [String: Any]) -> String? {
        switch (line["invoiceLineItemType"] as? String, line["billingProvider"] as? String) {
        // Only the new-commerce pair is served here; the converter's other pairs (office, azure, marketplace) are
        // other providers' lines.
        case ("billing_line_items", "one_time"): "OneTimeInvoiceLineItem"
        default: nil
        }
    }

    @Test func theQueryIsReadAsTheSDKsWriteItAndRefusedAsTheServiceRefusesIt() async throws {
        try await TestServer.run { server in
            let cased =
                "/v1/invoices/unbilled/lineitems?Provider=OneTime&InvoiceLineItemType=BillingLineItems&CurrencyCode=USD&Period=Previous&size=5"
            #expect(try await server.call(.get, cased).status == .ok)
            for bad in [
                "provider=one_time", "provider=office", "invoicelineitemtype=usagelineitems", "currencycode=dollars", "period=next", "size=0",
            ] {
                let name = String(bad.prefix { $0 != "=" })
                let query = Self.unbilled.split(separator: "?")[1].split(separator: "&").filter { !$0.hasPrefix(name + "=") }.joined(separator: "&")
                let answer = try await server.call(.get, "/v1/invoices/unbilled/lineitems?" + query + "&" + bad)
                #expect(answer.status == .badRequest, "\(bad): \(answer.text)")
            }
        }
    }
}

import CommerceCore
import Foundation
import PartnerCenterModels
import Testing

/// A kept charge as a recon line, on its own (issue 28, point 4), and the pricing of a subscription's term.
@Suite struct ReconLineItemsTests {
    static func record(subtotal: String, type: ChargeType = .cancelImmediate) -> ChargeRecord {
        let line = ChargeLine(
            chargeType: type, subscriptionId: "sub-1", quantity: 2, unitPrice: 4, effectiveUnitPrice: Decimal(string: "3.6")!,
            subtotal: Decimal(string: subtotal)!, chargeStart: WireDate.parse("2030-03-06T00:00:00Z")!,
            chargeEnd: WireDate.parse("2030-04-02T00:00:00Z")!, chargedAt: WireDate.parse("2030-03-06T10:00:00Z")!)
        var item = ChargeItem()
        (item.productId, item.skuId, item.availabilityId, item.termDuration, item.billingCycle) = ("P", "0001", "A", "P1Y", "monthly")
        item.subscriptionStart = WireDate.parse("2030-03-03T10:00:00Z")
        item.subscriptionEnd = WireDate.parse("2031-03-03T10:00:00Z")
        return ChargeRecord(
            line: line, customerId: "c", orderId: "5f9d52bb1408", orderDate: WireDate.parse("2030-03-03T10:00:00Z"), currency: "USD", item: item,
            referenceId: "r")
    }

    static let parties = ReconLineItems.Parties(
        partnerId: "p", mpnId: "5357564", customerName: "Wingtip", customerDomainName: "wingtip.onmicrosoft.com", customerCountry: "US")

    /// A kept template filled in is, byte for byte, the line the encoder writes: unbilled and billed, a credit, and a
    /// customer name full of JSON's special characters.
    @Test(arguments: ["-6.5", "36", "3.87", "0"])
    func aFilledTemplateIsTheEncodedLine(_ subtotal: String) throws {
        let record = Self.record(subtotal: subtotal, type: subtotal.hasPrefix("-") ? .cancelImmediate : .new)
        let template = ReconLineItems.template(record)
        let hostile = ReconLineItems.Parties(
            partnerId: "p", mpnId: "", customerName: "Q\"uote\\ \u{1}\n日本", customerDomainName: "d.example", customerCountry: "DE")
        for (parties, invoice, tax) in [(Self.parties, "", Decimal(0)), (hostile, "G000000001", Decimal(string: "-1.24")!)] {
            var filled: [UInt8] = []
            #expect(
                ReconLineItems.fill(
                    template, parties: parties, invoiceNumber: invoice, subtotal: Decimal(string: subtotal)!, taxTotal: tax, into: &filled))
            let encoded = try PartnerCenterJSON.encode(ReconLineItems.make(record, parties: parties, invoiceNumber: invoice, taxTotal: tax))
            #expect(filled == encoded, "\(String(decoding: filled, as: UTF8.self))")
        }
        var nothing: [UInt8] = []
        #expect(!ReconLineItems.fill("not a template", parties: Self.parties, subtotal: 1, into: &nothing) && nothing.isEmpty)
        #expect(!ReconLineItems.fill("{\u{1}", parties: Self.parties, subtotal: 1, into: &nothing) && nothing.isEmpty)
    }

    @Test func aCreditIsNegativeAndEveryDateIsWrittenAsTheExampleWritesIt() {
        let line = ReconLineItems.make(Self.record(subtotal: "-6.5"), parties: Self.parties)
        #expect(line.subtotal == "-6.5")
        #expect(line.totalForCustomer == "-6.5", "unbilled: no tax")
        #expect(line.taxTotal == "0")
        #expect(line.invoiceNumber == "")
        #expect(line.chargeType == "cancelImmediate")
        #expect(line.quantity == "2" && line.billableQuantity == "2")
        #expect(line.unitPrice == "4" && line.effectiveUnitPrice == "3.6")
        #expect(line.chargeStartDate == "2030-03-06T00:00:00Z")
        #expect(line.chargeEndDate == "2030-04-02T00:00:00Z")
        #expect(line.subscriptionStartDate == "2030-03-03T00:00:00Z")
        #expect(line.pcToBCExchangeRateDate == "2030-03-01T00:00:00")
        #expect(line.termAndBillingCycle == "One-Year commitment for monthly/yearly billing")
        #expect(line.billingFrequency == "Monthly")
        #expect(line.alternateId == "5f9d52bb1408")
        #expect(line.resellerMpnId == "0")
        #expect(line.invoiceLineItemType == "billing_line_items" && line.billingProvider == "one_time")
    }

    @Test func onAnInvoiceTheTotalCarriesItsTax() {
        let line = ReconLineItems.make(Self.record(subtotal: "720", type: .new), parties: Self.parties, invoiceNumber: "G000773581", taxTotal: 73)
        #expect(line.totalForCustomer == "793")
        #expect(line.invoiceNumber == "G000773581")
    }

    @Test func aSubscriptionIsPricedInItsMarketsCurrency() throws {
        let catalog = try PriceRulesTests.catalog(prices: [
            PriceRulesTests.price("P1Y", "monthly", "USD", "16", "14.4"), PriceRulesTests.price("P1Y", "monthly", "EUR", "14.72", "13.25"),
        ])
        var subscription = Subscription(id: "s", offerId: "CFQ7TTC0HL8W:0001", quantity: 1)
        subscription.termDuration = "P1Y"
        subscription.billingCycle = .monthly
        let pricing = ChargePricing(catalog: catalog)
        #expect(pricing.price(of: subscription, country: "DE")?.currency == "EUR")
        #expect(pricing.price(of: subscription, country: "DE")?.price.effectiveUnitPrice == Decimal(string: "13.25"))
        #expect(pricing.price(of: subscription, country: "US")?.item.skuId == "0001")
        #expect(pricing.price(of: subscription, country: "JP") == nil, "no JPY price")
        subscription.termDuration = "P3Y"
        #expect(pricing.price(of: subscription, country: "US") == nil, "no price for that term")
    }
}

/// The recon lines' day arithmetic agrees with Foundation's calendar on every day of four centuries.
@Suite struct ReconLineDaysTests {
    @Test func civilDatesAgreeWithFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var day = Date(timeIntervalSince1970: -4_000 * 86_400 - 1)
        let end = Date(timeIntervalSince1970: 4_102_444_800 * 3)
        var checked = 0
        while day < end {
            let parts = calendar.dateComponents([.year, .month, .day], from: day)
            let ours = ReconLineItems.civil(day)
            #expect(ours.year == parts.year && ours.month == parts.month && ours.day == parts.day, "\(day)")
            if ours.year != parts.year || ours.month != parts.month || ours.day != parts.day { break }
            day = day.addingTimeInterval(86_400 * 7 + 3_599)
            checked += 1
        }
        #expect(checked > 10_000)
        #expect(ReconLineItems.day(WireDate.parse("2021-05-20T18:48:30Z")!) == "2021-05-20T00:00:00Z")
        #expect(ReconLineItems.monthStart(WireDate.parse("2024-02-29T23:59:59Z")!) == "2024-02-01T00:00:00")
    }
}

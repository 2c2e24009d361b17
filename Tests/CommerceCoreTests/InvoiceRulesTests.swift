import CommerceCore
import Foundation
import PartnerCenterModels
import Testing

/// The invoice rules on their own (issue 28, point 5): billing months and when they close, the tax of a line, an
/// invoice's totals, its id and the `InvoiceDate` filter.
@Suite struct InvoiceRulesTests {
    static func at(_ text: String) -> Date { WireDate.parse(text)! }

    @Test func aMonthIsACalendarMonthInUTC() throws {
        let march = BillingMonth(containing: Self.at("2030-03-31T23:59:59Z"))
        #expect(march.description == "2030-03")
        #expect(march.start == Self.at("2030-03-01T00:00:00Z") && march.end == Self.at("2030-04-01T00:00:00Z"))
        #expect(march.lastDay == Self.at("2030-03-31T00:00:00Z"))
        #expect(BillingMonth("2030-12")!.next.description == "2031-01" && BillingMonth("2031-01")!.previous.description == "2030-12")
        #expect(BillingMonth("2024-02")!.lastDay == Self.at("2024-02-29T00:00:00Z"), "a leap February")
        for text in ["2030-13", "2030-00", "1999-12", "2030-3", "30-03", "2030/03", "", "2030-03-01", "2030-+3", "+203-03", "2030-٠٣"] {
            #expect(BillingMonth(text) == nil, "\(text)")
        }
    }

    @Test func aMonthClosesOnceItsEndAndTheDelayHavePassed() {
        // March closes on 7 April at midnight with the real service's six days; not a microsecond before.
        #expect(BillingMonth.firstOpen(at: Self.at("2030-04-06T23:59:59Z"), invoiceDelayDays: 6).description == "2030-03")
        #expect(BillingMonth.firstOpen(at: Self.at("2030-04-07T00:00:00Z"), invoiceDelayDays: 6).description == "2030-04")
        #expect(BillingMonth.firstOpen(at: Self.at("2030-04-01T00:00:00Z"), invoiceDelayDays: 0).description == "2030-04")
    }

    @Test func eachLinesTaxIsRoundedOnItsOwnAndTheInvoiceIsTheirSum() {
        let rate = Decimal(string: "0.0825")!
        // 3.87 × 0.0825 = 0.319275 → 0.32; −6.5 × 0.0825 = −0.53625 → −0.54 (halves away from zero).
        #expect(InvoiceTax.tax(on: Decimal(string: "3.87")!, rate: rate) == Decimal(string: "0.32")!)
        #expect(InvoiceTax.tax(on: Decimal(string: "-6.5")!, rate: rate) == Decimal(string: "-0.54")!)
        #expect(InvoiceTax.tax(on: 36, rate: 0) == 0)
        var totals = InvoiceTotals(rates: ["US": rate, "DE": Decimal(string: "0.19")!])
        totals.add(subtotal: Decimal(string: "3.87")!, country: "us")
        totals.add(subtotal: Decimal(string: "-6.5")!, country: "US")
        totals.add(subtotal: 36, country: "DE")
        totals.add(subtotal: 10, country: "JP")
        #expect(totals.lineCount == 4)
        #expect(totals.subtotal == Decimal(string: "43.37")!)
        #expect(totals.taxTotal == Decimal(string: "0.32")! - Decimal(string: "0.54")! + Decimal(string: "6.84")!)
        #expect(totals.usedRates == ["US": rate, "DE": Decimal(string: "0.19")!, "JP": 0])
        let record = InvoiceRecord(
            id: "G000000001", partnerId: "p", currency: "EUR", month: BillingMonth("2030-03")!, invoiceDate: Self.at("2030-04-07T00:00:00Z"),
            subtotal: totals.subtotal, taxTotal: totals.taxTotal, lineCount: totals.lineCount, taxRates: totals.usedRates)
        #expect(record.totalCharges == Decimal(string: "49.99")!)
        #expect(record.tax(on: 36, country: "de") == Decimal(string: "6.84")!)
        let wire = record.wire
        #expect(wire.currencySymbol == "€" && wire.totalCharges == record.totalCharges)
        #expect(wire.billingPeriodStartDate.hasPrefix("2030-03-01") && wire.billingPeriodEndDate.hasPrefix("2030-03-31"))
        #expect(wire.links.`self`?.uri == "/invoices/OneTime-G000000001")
        #expect(wire.invoiceDetails.first?.links.`self`?.uri == "/invoices/OneTime-G000000001/lineitems/OneTime/BillingLineItems")
        #expect(wire.pdfDownloadLink == "/invoices/G000000001/documents/statement")
    }

    @Test func invoiceIdsAreGAndNineDigitsAndASeededRunRepeatsThem() {
        let first = SeedableIDGenerator(seed: 7)
        let second = SeedableIDGenerator(seed: 7)
        let ids = (0..<50).map { _ in first.invoiceNumber() }
        #expect(ids == (0..<50).map { _ in second.invoiceNumber() })
        #expect(ids.allSatisfy { $0.count == 10 && $0.hasPrefix("G") && $0.dropFirst().allSatisfy(\.isNumber) })
        #expect(Set(ids).count == ids.count)
    }

    @Test func theFilterReadsTheSDKsShapesInAnyCase() throws {
        let filter = try InvoiceDateFilter.parse(#"{"field":"invoicedate","value":"2031-01-01","operator":"GREATER_THAN_OR_EQUALS"}"#)
        #expect(filter.matches(Self.at("2031-01-01T15:00:00Z")), "by day: later the same day is that day")
        #expect(!filter.matches(Self.at("2030-12-31T23:59:59Z")))
        let equals = try InvoiceDateFilter.parse(#"{"Field":"InvoiceDate","Value":"2031-01-07","Operator":"equals"}"#)
        #expect(equals.matches(Self.at("2031-01-07T00:00:00Z")) && !equals.matches(Self.at("2031-01-08T00:00:00Z")))
        let between = try InvoiceDateFilter.parse(
            #"{"Operator":"and","LeftFilter":{"Field":"InvoiceDate","Value":"2031-01-01","Operator":"greater_than"},"#
                + #""RightFilter":{"Field":"InvoiceDate","Value":"2031-03-01T00:00:00Z","Operator":"less_than"}}"#)
        #expect(between.matches(Self.at("2031-02-07T00:00:00Z")))
        #expect(!between.matches(Self.at("2031-01-01T08:00:00Z")) && !between.matches(Self.at("2031-03-07T00:00:00Z")))
        let either = try InvoiceDateFilter.parse(
            #"{"Operator":"or","Filters":[{"Field":"InvoiceDate","Value":"2030-01-01","Operator":"less_than"},"#
                + #"{"Field":"InvoiceDate","Value":"2031-01-01","Operator":"not_equals"}]}"#)
        #expect(either.matches(Self.at("2031-02-01T00:00:00Z")) && !either.matches(Self.at("2031-01-01T00:00:00Z")))
    }

    @Test func aFilterItCannotReadIsRefused() {
        let deep = String(repeating: #"{"Operator":"and","Filters":["#, count: 6) + #"{}"# + String(repeating: "]}", count: 6)
        for text in [
            "", "not json", "[]", #"{"Field":"TotalCharges","Value":"1","Operator":"equals"}"#,
            #"{"Field":"InvoiceDate","Value":"2031-02-30","Operator":"equals"}"#, #"{"Field":"InvoiceDate","Value":"soon","Operator":"equals"}"#,
            #"{"Field":"InvoiceDate","Value":"2031-01-01","Operator":"like"}"#, #"{"Field":"InvoiceDate","Value":"2031-01-01"}"#,
            #"{"Field":"InvoiceDate","Value":"2031-01-+1","Operator":"equals"}"#,
            #"{"Field":"InvoiceDate","Value":"2031-+1-01","Operator":"equals"}"#,
            #"{"Operator":"and"}"#, deep, String(repeating: " ", count: 5000),
        ] {
            #expect(throws: CommerceError.self, "\(text.prefix(60))") { try InvoiceDateFilter.parse(text) }
        }
    }

    @Test func taxRatesComeFromTheCatalogFileAndAreChecked() throws {
        let catalog = try Catalog(CatalogFile(products: [], offers: [], taxRates: ["DE": "0.19", "jp": "0.1"]))
        #expect(catalog.taxRate(country: "de") == Decimal(string: "0.19")! && catalog.taxRate(country: "JP") == Decimal(string: "0.1")!)
        #expect(catalog.taxRate(country: "US") == 0, "none given: no tax")
        #expect(catalog.taxRates == ["DE": Decimal(string: "0.19")!, "JP": Decimal(string: "0.1")!])
        for rates in [["USA": "0.1"], ["U1": "0.1"], ["US": "1"], ["US": "-0.1"], ["US": "0.1e2"], ["US": ""]] {
            #expect(throws: CommerceError.self, "\(rates)") { try Catalog(CatalogFile(products: [], offers: [], taxRates: rates)) }
        }
    }

    @Test func theBalanceIsEveryInvoicesTotalInItsCurrency() {
        func invoice(_ id: String, _ currency: String, _ date: String, _ total: String) -> InvoiceRecord {
            InvoiceRecord(
                id: id, partnerId: "p", currency: currency, month: BillingMonth("2030-03")!, invoiceDate: Self.at(date),
                subtotal: Decimal(string: total)!, taxTotal: 0, lineCount: 1, taxRates: [:])
        }
        let now = Self.at("2031-01-01T00:00:00Z")
        let before = InvoiceSummaries.newest([], at: now)
        #expect(before.balanceAmount == 0 && before.currencyCode == "USD" && before.firstInvoiceCreationDate == InvoiceSummary.unset)
        let invoices = [
            invoice("G1", "EUR", "2030-04-07T00:00:00Z", "10.5"), invoice("G2", "USD", "2030-05-07T00:00:00Z", "3"),
            invoice("G3", "EUR", "2030-06-07T00:00:00Z", "-0.25"),
        ]
        let each = InvoiceSummaries.perCurrency(invoices, at: now)
        #expect(each.map(\.currencyCode) == ["EUR", "USD"])
        #expect(each.first?.balanceAmount == Decimal(string: "10.25")! && each.first?.currencySymbol == "€")
        #expect(each.first?.firstInvoiceCreationDate.hasPrefix("2030-04-07") == true && each.first?.latestInvoiceDate.hasPrefix("2030-06-07") == true)
        #expect(each.first?.details.first?.summary.balanceAmount == Decimal(string: "10.25")!)
        #expect(InvoiceSummaries.newest(invoices, at: now).currencyCode == "EUR", "the newest invoice is June's, in euros")
    }
}

import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PartnerCenterModels
import TestSupport
import Testing

/// Invoices over HTTP (issue 28, point 5): months close on the server's clock past the invoice delay, or at once
/// through `/_admin/billing/close`; each invoice's total is its lines' to the cent; its statement is a PDF that
/// poppler reads; nodes racing make each invoice once.
@Suite struct InvoiceTests {
    typealias Life = SubscriptionLifeTests.Life
    /// A sales-tax rate with four decimals, so each line's tax is rounded on its own.
    static let usRate = Decimal(string: "0.0825")!

    /// Sets the catalog's tax rate for US customers (the demo customer's market).
    static func taxUS(_ store: Store) async throws {
        var file = try await store.loadCatalog()
        file.taxRates = ["US": "0.0825"]
        try await store.replaceCatalog(file)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        #expect(response.status == .ok, "\(response.text)")
        return try JSONDecoder().decode(T.self, from: Data(response.text.utf8))
    }

    /// Every invoice of the demo partner with its billed lines (read by the .NET SDK's path form, 7 a page so the
    /// paging is crossed); checks that each invoice's total is its lines' to the cent, each line's tax is its
    /// subtotal at the rate rounded, and both line forms agree.
    static func invoicesAddUp(_ life: Life, rate: Decimal) async throws -> [(invoice: Invoice, lines: [OneTimeInvoiceLineItem])] {
        let listed = try decode(ResourceCollection<Invoice>.self, try await life.call(.get, "/v1/invoices"))
        var out: [(Invoice, [OneTimeInvoiceLineItem])] = []
        for invoice in listed.items {
            #expect(invoice.id.count == 10 && invoice.id.hasPrefix("G") && invoice.id.dropFirst().allSatisfy(\.isNumber), "\(invoice.id)")
            var lines: [OneTimeInvoiceLineItem] = []
            var next: String? = "/invoices/OneTime-\(invoice.id)/lineitems/OneTime/BillingLineItems?size=7&offset=0"
            while let uri = next {
                let page = try decode(ResourceCollection<OneTimeInvoiceLineItem>.self, try await life.call(.get, "/v1" + uri))
                lines += page.items
                next = page.links?.next?.uri
            }
            let totals = lines.reduce(Decimal(0)) { $0 + MoneyText.parse($1.totalForCustomer)! }
            #expect(totals == invoice.totalCharges, "\(invoice.id): lines \(totals), invoice \(invoice.totalCharges)")
            for line in lines {
                #expect(line.invoiceNumber == invoice.id)
                let subtotal = MoneyText.parse(line.subtotal)!
                #expect(MoneyText.parse(line.taxTotal)! == MoneyText.rounded(subtotal * rate), "\(line.subtotal) → \(line.taxTotal)")
                #expect(MoneyText.parse(line.totalForCustomer)! == subtotal + MoneyText.parse(line.taxTotal)!)
            }
            // The query form, by seek token, holds the same lines.
            let query = try decode(
                ResourceCollection<OneTimeInvoiceLineItem>.self,
                try await life.call(.get, "/v1/invoices/\(invoice.id)/lineitems?provider=OneTime&invoicelineitemtype=BillingLineItems&size=2000"))
            #expect(query.items == lines)
            out.append((invoice, lines))
        }
        return out
    }

    /// The issue's scenario (ChargeTests' year) read back as invoices: twelve closed months, each once, whose lines
    /// are every charge made before the open month, and the statement, the summaries and the filter agree.
    @Test(arguments: TestEngine.all) func aYearClosesIntoTwelveInvoicesThatAddUpToTheirLines(_ engine: TestEngine) async throws {
        try await SubscriptionLifeTests.run(engine: engine) { server, life in
            let store = server.server.store
            try await Self.taxUS(store)
            let first = try await ChargeTests.buy(life, seats: 10)
            try await life.advance("P10D")
            #expect(try await life.patch(first, ["quantity": 15]).status == .ok)
            try await life.advance("P2D")
            #expect(try await life.patch(first, ["quantity": 12]).status == .ok)
            let second = try await ChargeTests.buy(life, seats: 2)
            try await life.advance("P3D")
            #expect(try await life.patch(second, ["status": "deleted"]).status == .ok)
            // 2031-03-18: March 2030 to February 2031 are past their end and the six days after.
            try await life.advance("P1Y")

            let invoices = try await Self.invoicesAddUp(life, rate: Self.usRate)
            #expect(invoices.count == 12)
            #expect(
                Set(invoices.map { String($0.invoice.billingPeriodStartDate.prefix(7)) })
                    == Set((0..<12).map { BillingMonth("2030-03")!.advanced($0).description }))
            // Every charge before March 2031 is on exactly one invoice; the renewal of March 2031 is not yet.
            let charges = try await store.charges(subscriptionID: first) + store.charges(subscriptionID: second)
            let billed = invoices.flatMap(\.lines)
            #expect(billed.count == charges.filter { $0.line.chargedAt < BillingMonth("2031-03")!.start }.count)
            #expect(Set(billed.map(\.referenceId)).count == billed.count)
            #expect(
                billed.reduce(Decimal(0)) { $0 + MoneyText.parse($1.subtotal)! }
                    == charges.filter { $0.line.chargedAt < BillingMonth("2031-03")!.start }.reduce(Decimal(0)) { $0 + $1.line.subtotal })
            let unbilled = try await life.call(.get, ReconTests.unbilled).json()["items"] as? [[String: Any]]
            #expect(unbilled?.map { $0["chargeType"] as? String } == ["renew"])
            // An invoice is issued six days after its month's end: March 2030's on 7 April at midnight.
            let march = try #require(invoices.first { $0.invoice.billingPeriodStartDate.hasPrefix("2030-03") }?.invoice)
            #expect(march.invoiceDate.hasPrefix("2030-04-07T00:00:00"))
            #expect(march.billingPeriodEndDate.hasPrefix("2030-03-31"))

            // One invoice, in both spellings of its id; another's is not found.
            let one = try Self.decode(Invoice.self, try await life.call(.get, "/v1/invoices/OneTime-\(march.id)"))
            #expect(one == march)
            #expect(try Self.decode(Invoice.self, try await life.call(.get, "/v1/invoices/\(march.id)")) == march)
            _ = try await life.call(.get, "/v1/invoices/G000000000").expectFault(.notFound, code: 1000)

            // The statement, read back by poppler's pdftotext.
            let statement = try await life.call(.get, "/v1/invoices/\(march.id)/documents/statement")
            #expect(statement.status == .ok)
            #expect(statement.headers[.contentType] == "application/pdf")
            #expect(statement.headers[.contentDisposition] == "attachment; filename=Invoice_\(march.id).pdf")
            let text = try Self.pdfText(Array(buffer: statement.body))
            #expect(text.contains("Invoice \(march.id)"), "\(text)")
            #expect(text.contains("Total charges: \(MoneyText.format(march.totalCharges)) USD"), "\(text)")
            #expect(text.contains("Billing period: 2030-03-01 to 2030-03-31"), "\(text)")

            // The balance is every invoice's total; the filter picks by invoice date.
            let balance = invoices.reduce(Decimal(0)) { $0 + $1.invoice.totalCharges }
            let summary = try Self.decode(InvoiceSummary.self, try await life.call(.get, "/v1/invoices/summary"))
            #expect(summary.balanceAmount == balance && summary.currencyCode == "USD" && summary.currencySymbol == "$")
            #expect(summary.firstInvoiceCreationDate.hasPrefix("2030-04-07"))
            let summaries = try Self.decode(ResourceCollection<InvoiceSummary>.self, try await life.call(.get, "/v1/invoices/summaries"))
            #expect(summaries.items == [summary])
            let filter = #"{"Field":"InvoiceDate","Value":"2031-01-01","Operator":"greater_than_or_equals"}"#
            let recent = try Self.decode(
                ResourceCollection<Invoice>.self,
                try await life.call(.get, "/v1/invoices?filter=" + filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!))
            #expect(recent.items.map { String($0.billingPeriodStartDate.prefix(7)) } == ["2031-02", "2031-01", "2030-12"])
            let paged = try Self.decode(ResourceCollection<Invoice>.self, try await life.call(.get, "/v1/invoices?size=5&offset=10"))
            #expect(paged.items.count == 2 && paged.totalCount == 12)
            let links = try Self.decode(
                ResourceCollection<EstimateLink>.self, try await life.call(.get, "/v1/invoices/estimates/links?currencycode=usd"))
            #expect(links.items.map(\.period) == ["Current", "Previous"])

            // Moving on closes nothing twice.
            try await life.advance("PT1H")
            #expect(try await store.invoices(partnerID: DemoData.partner.tenantID).count == 12)
        }
    }

    /// `POST /_admin/billing/close` closes the current month at once; a second close answers the same invoice, and
    /// a charge made later that month goes on the next month's.
    @Test(arguments: TestEngine.all) func theOperatorClosesAMonthAtOnce(_ engine: TestEngine) async throws {
        try await SubscriptionLifeTests.run(engine: engine) { server, life in
            _ = try await ChargeTests.buy(life, seats: 4)
            let close = { (body: String) in
                try await life.server.call(.post, "/_admin/billing/close", token: nil, body: body, headers: [.authorization: "Bearer \(life.key)"])
            }
            let closed = try Self.decode(ResourceCollection<Invoice>.self, try await close(#"{"period":"current"}"#))
            #expect(closed.items.count == 1)
            #expect(closed.items.first?.totalCharges == Decimal(string: "14.4"), "4 × 3.6, no tax where the catalog gives none")
            let again = try Self.decode(
                ResourceCollection<Invoice>.self, try await close(#"{"period":"CURRENT","partnerId":"\#(DemoData.partner.tenantID)"}"#))
            #expect(again.items == closed.items)
            _ = try await close(#"{"period":"2099-01"}"#).expectFault(.badRequest, code: 800002)
            _ = try await close(#"{"partnerId":"00000000-0000-0000-0000-000000000000"}"#).expectFault(.notFound, code: 1000)

            // Bought after the close, in the same month: unbilled, then on April's invoice.
            _ = try await ChargeTests.buy(life, seats: 1)
            let unbilled = try await life.call(.get, ReconTests.unbilled).json()["items"] as? [[String: Any]]
            #expect(unbilled?.count == 1)
            // 7 May: April is past its end and six days.
            try await life.advance("P65D")
            let invoices = try await Self.invoicesAddUp(life, rate: 0)
            #expect(invoices.map(\.lines.count).sorted() == [1, 3], "March's purchase; the late March one with April's two cycles")
            #expect(try await server.server.store.invoices(partnerID: DemoData.partner.tenantID).count == 2)
        }
    }

    /// Two nodes of one store charge the same cycles and close the same months: each cycle charge and each invoice
    /// exists once, and each line is on one invoice.
    @Test(arguments: TestEngine.all) func twoNodesMakeEachInvoiceOnce(_ engine: TestEngine) async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await SubscriptionLifeTests.run(engine: engine, folder: folder) { first, life in
            try await life.standStill()
            let id = try await ChargeTests.buy(life, seats: 3)
            try await SubscriptionLifeTests.run(engine: engine, folder: folder) { second, _ in
                try await life.advance("P200D")
                let store = first.server.store
                try await eventually(within: 20) { try await store.invoices(partnerID: DemoData.partner.tenantID).count == 6 }
                try await Task.sleep(for: .milliseconds(300))
                let invoices = try await second.server.store.invoices(partnerID: DemoData.partner.tenantID)
                #expect(invoices.count == 6)
                #expect(Set(invoices.map(\.month)).count == 6)
                let charges = try await store.charges(subscriptionID: id)
                // Bought 3 March, now 19 September: the purchase and a cycle charge on the 3rd of April to September, each once.
                #expect(charges.map(\.line.chargeType) == [.new] + Array(repeating: .cycleCharge, count: 6), "\(charges.map(\.line.chargeType))")
                let charged = charges.filter { $0.line.chargedAt < BillingMonth("2030-09")!.start }
                #expect(invoices.reduce(0) { $0 + $1.lineCount } == charged.count)
            }
        }
    }

    /// poppler's reading of a PDF.
    static func pdfText(_ pdf: [UInt8]) throws -> String {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = folder + "/statement.pdf"
        try Data(pdf).write(to: URL(fileURLWithPath: file))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pdftotext", "-layout", file, "-"]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "pdftotext could not read the statement")
        return String(decoding: data, as: UTF8.self)
    }
}

extension BillingMonth {
    /// The month `count` months on.
    func advanced(_ count: Int) -> BillingMonth { (0..<count).reduce(self) { month, _ in month.next } }
}

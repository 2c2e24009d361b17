import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import TestSupport
import Testing

/// The invoices commands (issue 28, point 6) through the built binary against a live server: the unbilled lines
/// and an invoice's, as a table, as the CSV recon file in the docs' field order, and by the PowerShell cmdlets' names.
@Suite struct InvoiceCLITests {
    @Test func reconLinesComeOutAsTheCSVFileAndTheCmdletsReadInvoices() async throws {
        let home = ClientCLITests.Home()
        defer { home.remove() }
        try await TestServer.run { configuration in
            configuration.fulfilmentDelay = 0
            configuration.throttling = nil
        } _: { server in
            try await home.login(server.base)
            let store = server.server.store
            // The docs' checkout: three orders, whose subscriptions are charged as fulfilment makes them.
            let submitted = try await home.run(["carts", "submit", "--customer-id", DemoData.customerID, "--cart-id", DemoData.cartID])
            #expect(submitted.status == 0, "\(submitted.stderr)")
            var unbilled = ClientCLITests.Ran(status: 1, stdout: "", stderr: "")
            try await eventually {
                unbilled = try await home.run(["invoices", "lines", "--unbilled", "--currency", "usd", "-o", "csv"])
                return unbilled.stdout.components(separatedBy: "\r\n").count >= 4
            }
            #expect(unbilled.status == 0, "\(unbilled.stderr)")
            let rows = unbilled.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(rows.first?.hasPrefix("partnerId,customerId,customerName,customerDomainName,customerCountry,invoiceNumber,mpnId") == true)
            #expect(rows.dropFirst().allSatisfy { $0.hasPrefix(DemoData.partner.tenantID + "," + DemoData.customerID + ",") }, "\(rows)")
            let lines = rows.count - 1

            // Closed at once, the month is one invoice whose lines are the same ones, now with its number.
            let now = server.server.configuration.clock.now()
            let made = try await store.closeBillingPeriod(BillingMonth(containing: now), partnerID: DemoData.partner.tenantID, at: now, taxRates: [:])
            let invoice = try #require(made.first)
            let listed = try await home.run(["Get-PartnerInvoice"])
            #expect(listed.status == 0 && listed.stdout.contains(invoice.id) && listed.stdout.contains("USD"), "\(listed.stdout)\(listed.stderr)")
            let one = try await home.run(["Get-PartnerInvoice", "-InvoiceId", invoice.id, "-o", "json"])
            #expect(one.stdout.contains("\"totalCharges\""), "\(one.stdout)\(one.stderr)")
            let billed = try await home.run([
                "Get-PartnerInvoiceLineItem", "-InvoiceId", invoice.id, "-BillingProvider", "OneTime", "-LineItemType", "BillingLineItems", "-o",
                "csv",
            ])
            #expect(billed.status == 0, "\(billed.stderr)")
            let billedRows = billed.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(billedRows.count == lines + 1)
            #expect(billedRows.dropFirst().allSatisfy { $0.contains("," + invoice.id + ",") }, "\(billedRows)")
            let table = try await home.run(["invoices", "lines", "--invoice-id", invoice.id])
            #expect(table.stdout.contains("CHARGE") && table.stdout.contains("new"), "\(table.stdout)")
            let left = try await home.run(["invoices", "lines", "--unbilled", "-o", "csv"])
            #expect(left.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 1, "only the header: \(left.stdout)")

            // The statement is saved as poppler can read it.
            let folder = temporaryFolder()
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let saved = try await home.run(["invoices", "statement", "--invoice-id", invoice.id, "--file", folder + "/s.pdf"])
            #expect(saved.status == 0, "\(saved.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/s.pdf")).starts(with: Array("%PDF-".utf8)))

            // Refusals say what to do.
            let both = try await home.run(["invoices", "lines", "--unbilled", "--invoice-id", invoice.id])
            #expect(both.status == 2 && both.stderr.contains("--invoice-id or --unbilled"), "\(both.stderr)")
            let csvElsewhere = try await home.run(["customers", "list", "-o", "csv"])
            #expect(csvElsewhere.status != 0 && csvElsewhere.stderr.contains("invoices lines"), "\(csvElsewhere.stderr)")
        }
    }
}

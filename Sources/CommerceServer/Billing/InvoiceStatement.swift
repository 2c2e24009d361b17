import CommerceCore
import Foundation
import PartnerCenterModels

/// What an invoice's statement says, line by line: who is billed, for which month, and the totals its recon lines add
/// up to. In English, as the PDF's standard font writes only Latin text (the translations test skips this file).
enum InvoiceStatement {
    static func lines(_ invoice: InvoiceRecord, partnerName: String, mpnID: String) -> [String] {
        let day = { (date: Date) in String(WireDate.format(date).prefix(10)) }
        let currency = invoice.currency
        return [
            "Microsoft Partner Center (PartnerCommerce) - Invoice \(invoice.id)",
            "",
            "Billed to: \(partnerName) (tenant \(invoice.partnerId), MPN ID \(mpnID))",
            "Invoice date: \(day(invoice.invoiceDate))",
            "Billing period: \(day(invoice.month.start)) to \(day(invoice.month.lastDay))",
            "Currency: \(currency)",
            "Line items: \(invoice.lineCount)",
            "",
            "Subtotal: \(MoneyText.format(invoice.subtotal)) \(currency)",
            "Tax: \(MoneyText.format(invoice.taxTotal)) \(currency)",
            "Total charges: \(MoneyText.format(invoice.totalCharges)) \(currency)",
            "",
            "Reconciliation: GET /v1/invoices/\(invoice.id)/lineitems?provider=onetime&invoicelineitemtype=billinglineitems",
        ]
    }
}

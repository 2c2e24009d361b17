import Foundation
import PartnerCenterModels

/// A partner's balance (`GET /invoices/summary` and `/summaries`): nothing is ever paid here, so the balance is every
/// invoice's total; the dates are its first and latest invoice's, `0001-01-01T00:00:00` before any.
public enum InvoiceSummaries {
    /// One balance per currency invoiced, by currency code.
    public static func perCurrency(_ invoices: [InvoiceRecord], at now: Date) -> [InvoiceSummary] {
        Dictionary(grouping: invoices, by: \.currency).sorted { $0.key < $1.key }.map { summary(currency: $0.key, invoices: $0.value, at: now) }
    }

    /// The balance in the currency of the newest invoice; US dollars, all zero, before the first.
    public static func newest(_ invoices: [InvoiceRecord], at now: Date) -> InvoiceSummary {
        perCurrency(invoices, at: now).max { $0.latestInvoiceDate < $1.latestInvoiceDate } ?? summary(currency: "USD", invoices: [], at: now)
    }

    static func summary(currency: String, invoices: [InvoiceRecord], at now: Date) -> InvoiceSummary {
        let balance = invoices.reduce(Decimal(0)) { $0 + $1.totalCharges }
        let first = invoices.map(\.invoiceDate).min().map(WireDate.format) ?? InvoiceSummary.unset
        let latest = invoices.map(\.invoiceDate).max().map(WireDate.format) ?? InvoiceSummary.unset
        let symbol = Market.symbol(ofCurrency: currency)
        let accounting = WireDate.format(now)
        return InvoiceSummary(
            balanceAmount: balance, currencyCode: currency, currencySymbol: symbol, accountingDate: accounting, firstInvoiceCreationDate: first,
            latestInvoiceDate: latest,
            details: [
                InvoiceSummaryDetail(
                    invoiceType: "OneTime",
                    summary: InvoiceSummaryFigures(
                        balanceAmount: balance, currencyCode: currency, currencySymbol: symbol, accountingDate: accounting, first: first,
                        latest: latest))
            ])
    }
}

import Foundation
import PartnerCenterModels

/// An invoice as the store keeps it: the closed month, when it was issued, its totals, and the tax rate of each
/// market taken at the close, so its billed lines show the same tax however the catalog changes later.
public struct InvoiceRecord: Sendable, Equatable {
    public var id: String
    public var partnerId: String
    public var currency: String
    public var month: BillingMonth
    public var invoiceDate: Date
    public var subtotal: Decimal
    public var taxTotal: Decimal
    public var lineCount: Int
    /// Upper-case country code to rate, for the countries its lines are in.
    public var taxRates: [String: Decimal]

    public init(
        id: String, partnerId: String, currency: String, month: BillingMonth, invoiceDate: Date, subtotal: Decimal, taxTotal: Decimal,
        lineCount: Int, taxRates: [String: Decimal]
    ) {
        self.id = id
        self.partnerId = partnerId
        self.currency = currency
        self.month = month
        self.invoiceDate = invoiceDate
        self.subtotal = subtotal
        self.taxTotal = taxTotal
        self.lineCount = lineCount
        self.taxRates = taxRates
    }

    /// What the partner owes: its lines' `totalForCustomer`, summed.
    public var totalCharges: Decimal { subtotal + taxTotal }

    /// The tax of one of its lines, by its customer's country.
    public func tax(on subtotal: Decimal, country: String) -> Decimal {
        InvoiceTax.tax(on: subtotal, rate: taxRates[country.uppercased()] ?? 0)
    }

    /// The invoice as `GET /invoices/{id}` answers it.
    public var wire: Invoice {
        Invoice(
            id: id, invoiceDate: WireDate.format(invoiceDate), billingPeriodStartDate: WireDate.format(month.start),
            billingPeriodEndDate: WireDate.format(month.lastDay), totalCharges: totalCharges, currencyCode: currency,
            currencySymbol: Market.symbol(ofCurrency: currency))
    }
}

/// The sums of a month's lines as it closes: each line's tax rounded on its own, so the invoice's total is its lines'.
public struct InvoiceTotals: Sendable {
    public private(set) var subtotal: Decimal = 0
    public private(set) var taxTotal: Decimal = 0
    public private(set) var lineCount = 0
    /// The rates the lines used, by upper-case country.
    public private(set) var usedRates: [String: Decimal] = [:]
    let rates: [String: Decimal]

    /// `rates`: the catalog's, by upper-case country.
    public init(rates: [String: Decimal]) { self.rates = rates }

    public mutating func add(subtotal line: Decimal, country: String) {
        let market = country.uppercased()
        let rate = rates[market] ?? 0
        usedRates[market] = rate
        subtotal += line
        taxTotal += InvoiceTax.tax(on: line, rate: rate)
        lineCount += 1
    }
}

import Foundation

/// A partner's invoice (billing spec §4): one per partner, currency and closed billing month. `totalCharges` is the
/// sum of its line items' `totalForCustomer`, to the cent.
public struct Invoice: Codable, Hashable, Sendable {
    public var id: String
    public var invoiceDate: String
    public var billingPeriodStartDate: String
    public var billingPeriodEndDate: String
    public var totalCharges: Decimal
    /// Negative once paid; nothing is ever paid here.
    public var paidAmount: Decimal = 0
    public var currencyCode: String
    public var currencySymbol: String
    public var pdfDownloadLink: String
    public var taxReceipts: [String] = []
    public var invoiceDetails: [InvoiceDetail]
    public var amendments: [String] = []
    public var documentType = "invoice"
    public var invoiceType = "OneTime"
    public var links: ResourceLinks
    public var attributes = ResourceAttributes(objectType: "Invoice")

    public init(
        id: String, invoiceDate: String, billingPeriodStartDate: String, billingPeriodEndDate: String, totalCharges: Decimal, currencyCode: String,
        currencySymbol: String
    ) {
        self.id = id
        self.invoiceDate = invoiceDate
        self.billingPeriodStartDate = billingPeriodStartDate
        self.billingPeriodEndDate = billingPeriodEndDate
        self.totalCharges = totalCharges
        self.currencyCode = currencyCode
        self.currencySymbol = currencySymbol
        self.pdfDownloadLink = "/invoices/\(id)/documents/statement"
        self.invoiceDetails = [
            InvoiceDetail(
                invoiceLineItemType: "billing_line_items", billingProvider: "one_time",
                links: ResourceLinks(self: Link(uri: "/invoices/OneTime-\(id)/lineitems/OneTime/BillingLineItems")))
        ]
        self.links = ResourceLinks(self: Link(uri: "/invoices/OneTime-\(id)"))
    }
}

/// What an invoice holds by provider and line type: for new commerce, one-time billing lines.
public struct InvoiceDetail: Codable, Hashable, Sendable {
    public var invoiceLineItemType: String
    public var billingProvider: String
    public var links: ResourceLinks
    public var attributes = ResourceAttributes(objectType: "InvoiceDetail")

    public init(invoiceLineItemType: String, billingProvider: String, links: ResourceLinks) {
        self.invoiceLineItemType = invoiceLineItemType
        self.billingProvider = billingProvider
        self.links = links
    }
}

/// The partner's balance in one currency (`GET /invoices/summary`, and each item of `/invoices/summaries`). Dates
/// never set are written `0001-01-01T00:00:00`, as the service writes them.
public struct InvoiceSummary: Codable, Hashable, Sendable {
    public var balanceAmount: Decimal
    public var currencyCode: String
    public var currencySymbol: String
    public var accountingDate: String
    public var firstInvoiceCreationDate: String
    public var lastPaymentDate = InvoiceSummary.unset
    public var lastPaymentAmount: Decimal = 0
    public var latestInvoiceDate: String
    public var details: [InvoiceSummaryDetail]
    public var attributes = ResourceAttributes(objectType: "InvoiceSummary")

    /// How the service writes a date that was never set.
    public static let unset = "0001-01-01T00:00:00"

    public init(
        balanceAmount: Decimal, currencyCode: String, currencySymbol: String, accountingDate: String, firstInvoiceCreationDate: String,
        latestInvoiceDate: String, details: [InvoiceSummaryDetail]
    ) {
        self.balanceAmount = balanceAmount
        self.currencyCode = currencyCode
        self.currencySymbol = currencySymbol
        self.accountingDate = accountingDate
        self.firstInvoiceCreationDate = firstInvoiceCreationDate
        self.latestInvoiceDate = latestInvoiceDate
        self.details = details
    }
}

/// A summary's part by invoice type (`OneTime` here), with the same balance figures.
public struct InvoiceSummaryDetail: Codable, Hashable, Sendable {
    public var invoiceType: String
    public var summary: InvoiceSummaryFigures

    public init(invoiceType: String, summary: InvoiceSummaryFigures) {
        self.invoiceType = invoiceType
        self.summary = summary
    }
}

/// The figures of one invoice type's balance.
public struct InvoiceSummaryFigures: Codable, Hashable, Sendable {
    public var balanceAmount: Decimal
    public var currencyCode: String
    public var currencySymbol: String
    public var accountingDate: String
    public var firstInvoiceCreationDate: String
    public var lastPaymentDate = InvoiceSummary.unset
    public var lastPaymentAmount: Decimal = 0
    public var latestInvoiceDate: String

    public init(balanceAmount: Decimal, currencyCode: String, currencySymbol: String, accountingDate: String, first: String, latest: String) {
        self.balanceAmount = balanceAmount
        self.currencyCode = currencyCode
        self.currencySymbol = currencySymbol
        self.accountingDate = accountingDate
        self.firstInvoiceCreationDate = first
        self.latestInvoiceDate = latest
    }
}

/// A link to the recon of what is not invoiced yet (`GET /invoices/estimates/links`).
public struct EstimateLink: Codable, Hashable, Sendable {
    /// `non_consumption` (new-commerce one-time lines) or `daily_rated_usage`.
    public var type: String
    public var title: String
    public var description: String
    /// `Current` or `Previous`.
    public var period: String
    public var link: Link
    public var attributes = ResourceAttributes(objectType: "EstimateLink")

    public init(type: String, title: String, description: String, period: String, link: Link) {
        self.type = type
        self.title = title
        self.description = description
        self.period = period
        self.link = link
    }
}

import Foundation
import NIOHTTP1
import PartnerCenterModels

/// `partner.invoices`: the partner's invoices, its balance and the recon lines not yet invoiced (the .NET SDK's
/// `Invoices`).
public struct InvoiceCollectionOperations: Sendable {
    let client: PartnerCenterClient

    /// A page of invoices, newest first; `filter` is the SDK's JSON on `InvoiceDate`, e.g.
    /// `{"Field":"InvoiceDate","Value":"2024-01-01","Operator":"greater_than_or_equals"}`.
    public func get(size: Int = 200, offset: Int = 0, filter: String? = nil) async throws -> ResourceCollection<Invoice> {
        try await client.send(.GET, "/invoices?size=\(size)&offset=\(offset)" + (filter.map { "&filter=\($0.urlQueryEscaped)" } ?? ""))
    }

    /// Every invoice, page by page as the sequence is read.
    public func all(pageSize: Int = 200) -> ResourcePages<Invoice> {
        ResourcePages(client: client, firstPath: "/invoices?size=\(pageSize)&offset=0")
    }

    /// One invoice (`G000024135`; `OneTime-G000024135` is read too).
    public func byID(_ id: String) -> InvoiceOperations { InvoiceOperations(client: client, id: id) }

    /// The balance in the currency of the newest invoice.
    public func summary() async throws -> InvoiceSummary { try await client.send(.GET, "/invoices/summary") }

    /// The balance in each currency invoiced.
    public func summaries() async throws -> ResourceCollection<InvoiceSummary> { try await client.send(.GET, "/invoices/summaries") }

    /// The lines of `currency` not yet on an invoice, this month's (`current`) or last month's (`previous`), fetched
    /// page by page (at most 2,000 each) by seek token as the sequence is read.
    public func unbilledLineItems(currency: String, period: String = "current", pageSize: Int = 2000) -> ResourcePages<OneTimeInvoiceLineItem> {
        ResourcePages(
            client: client,
            firstPath: "/invoices/unbilled/lineitems?provider=onetime&invoicelineitemtype=billinglineitems&currencycode="
                + currency.urlQueryEscaped + "&period=" + period.urlQueryEscaped + "&size=\(pageSize)")
    }
}

/// `partner.invoices.byID(id)`.
public struct InvoiceOperations: Sendable {
    let client: PartnerCenterClient
    public let id: String

    var path: String { "/invoices/" + id.urlPathEscaped }

    public func get() async throws -> Invoice { try await client.send(.GET, path) }

    /// The invoice's recon lines, by the path the .NET SDK pages (`lineitems/OneTime/BillingLineItems`).
    public var lineItems: InvoiceLineItemOperations { InvoiceLineItemOperations(invoice: self) }

    /// The statement PDF's bytes.
    public func statement() async throws -> Data {
        try await client.perform(.GET, path + "/documents/statement", body: nil, headers: [], requestID: nil).body
    }
}

/// `partner.invoices.byID(id).lineItems`.
public struct InvoiceLineItemOperations: Sendable {
    let invoice: InvoiceOperations

    var path: String { invoice.path + "/lineitems/OneTime/BillingLineItems" }

    /// A page of lines (at most 2,000).
    public func get(size: Int = 2000, offset: Int = 0) async throws -> ResourceCollection<OneTimeInvoiceLineItem> {
        try await invoice.client.send(.GET, path + "?size=\(size)&offset=\(offset)")
    }

    /// Every line, page by page as the sequence is read.
    public func all(pageSize: Int = 2000) -> ResourcePages<OneTimeInvoiceLineItem> {
        ResourcePages(client: invoice.client, firstPath: path + "?size=\(pageSize)&offset=0")
    }
}

extension PartnerCenterClient {
    /// The partner's invoices and recon: `invoices.get()`, `.byID(id).lineItems.all()`, `.unbilledLineItems(currency:)`.
    public var invoices: InvoiceCollectionOperations { InvoiceCollectionOperations(client: self) }
}

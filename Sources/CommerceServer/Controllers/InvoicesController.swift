import CommerceCore
import CommerceStore
import Foundation
import HTTPTypes
import Hummingbird
import PartnerCenterModels

/// Invoices (billing spec §4): the list, one invoice (also as `OneTime-{id}`), its statement, the balance summaries
/// and the links to what is not invoiced yet.
struct InvoicesController {
    let store: Store
    let clock: any CommerceClock

    /// Invoices a page of the list holds at most, and by default.
    static let maximumListSize = 200

    func addRoutes(to group: RouterGroup<PartnerRequestContext>) {
        group.get("invoices", use: list)
        group.get("invoices/summary", use: summary)
        group.get("invoices/summaries", use: summaries)
        group.get("invoices/estimates/links", use: estimateLinks)
        group.get("invoices/:invoice", use: get)
        group.get("invoices/:invoice/documents/statement", use: statement)
    }

    /// `GET /invoices?size=&offset=&filter=`: newest first.
    @Sendable func list(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let caller = try context.caller()
        var size = Self.maximumListSize
        if let text = request.query("size") {
            guard let number = Int(text), number > 0 else {
                throw HTTPFault(.invalidProperty, "size must be a positive whole number.", data: ["size"])
            }
            size = min(number, Self.maximumListSize)
        }
        let offset = try Self.offset(request)
        var invoices = try await store.invoices(partnerID: caller.partnerTenantID)
        if let text = request.query("filter") {
            let filter = try InvoiceDateFilter.parse(text)
            invoices = invoices.filter { filter.matches($0.invoiceDate) }
        }
        let page = invoices.dropFirst(offset).prefix(size)
        var links = ResourceLinks(self: Link(uri: "/invoices?size=\(size)&offset=\(offset)"))
        if offset + page.count < invoices.count { links.next = Link(uri: "/invoices?size=\(size)&offset=\(offset + page.count)") }
        return try JSONResponse.make(ResourceCollection(items: page.map(\.wire), totalCount: invoices.count, links: links))
    }

    @Sendable func get(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        try JSONResponse.make(try await Self.invoice(context, store: store).wire)
    }

    /// The statement: a PDF named as Partner Center names it.
    @Sendable func statement(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let invoice = try await Self.invoice(context, store: store)
        let partner = try await store.partner(tenantID: invoice.partnerId)
        let lines = InvoiceStatement.lines(invoice, partnerName: partner?.name ?? "", mpnID: partner?.mpnID ?? "")
        var headers = HTTPFields()
        headers[.contentType] = "application/pdf"
        headers[.contentDisposition] = "attachment; filename=Invoice_\(invoice.id).pdf"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: StatementPDF.make(lines: lines))))
    }

    /// The balance in the currency of the newest invoice (US dollars, all zero, before the first).
    @Sendable func summary(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let caller = try context.caller()
        return try JSONResponse.make(InvoiceSummaries.newest(try await store.invoices(partnerID: caller.partnerTenantID), at: clock.now()))
    }

    /// One balance per currency invoiced.
    @Sendable func summaries(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let caller = try context.caller()
        let invoices = try await store.invoices(partnerID: caller.partnerTenantID)
        return try JSONResponse.make(ResourceCollection(items: InvoiceSummaries.perCurrency(invoices, at: clock.now())))
    }

    /// `GET /invoices/estimates/links?currencycode=usd`: the unbilled recon of this month and the last.
    @Sendable func estimateLinks(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        _ = try context.caller()
        guard let currency = request.query("currencycode"), ReconQuery.isCurrency(currency) else {
            throw HTTPFault(.invalidInput, "currencycode must be a three-letter currency code such as USD.", data: ["currencycode"])
        }
        let items = ["Current", "Previous"].map { period in
            EstimateLink(
                type: "non_consumption", title: "\(period) period's one-time charges",
                description: "New-commerce charges not yet invoiced, as recon line items", period: period,
                link: Link(
                    uri: "/invoices/unbilled/lineitems?provider=onetime&invoicelineitemtype=billinglineitems&currencycode=\(currency.lowercased())"
                        + "&period=\(period.lowercased())"))
        }
        return try JSONResponse.make(ResourceCollection(items: items))
    }

    /// The invoice the path names (`G000024135`, `OneTime-G000024135`, any case), the caller's own; 404 otherwise.
    static func invoice(_ context: PartnerRequestContext, store: Store) async throws -> InvoiceRecord {
        let caller = try context.caller()
        var id = context.parameters.get("invoice") ?? ""
        if id.lowercased().hasPrefix("onetime-") { id = String(id.dropFirst("onetime-".count)) }
        guard id.utf8.count == 10, id.first == "G" || id.first == "g", id.dropFirst().allSatisfy(\.isASCII), id.dropFirst().allSatisfy(\.isNumber),
            let invoice = try await store.invoice(id: id, partnerID: caller.partnerTenantID)
        else { throw HTTPFault(.notFound, "There is no invoice \(id).") }
        return invoice
    }

    /// `offset`: a whole number from 0.
    static func offset(_ request: Request) throws -> Int {
        guard let text = request.query("offset") else { return 0 }
        guard let number = Int(text), number >= 0, number <= 10_000_000 else {
            throw HTTPFault(.invalidProperty, "offset must be a whole number from 0.", data: ["offset"])
        }
        return number
    }
}

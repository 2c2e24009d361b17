import CommerceCore
import CommerceStore
import Foundation
import Hummingbird
import PartnerCenterModels

/// Reconciliation (billing spec §3): the new-commerce lines not yet on an invoice, and an invoice's own, paged by
/// seek token (the path form the .NET SDK calls pages by offset).
struct ReconLinesController {
    let store: Store
    let clock: any CommerceClock
    let tokens: SeekTokens

    /// Most lines a page holds, as on Partner Center.
    static let maximumPageSize = 2000

    func addRoutes(to group: RouterGroup<PartnerRequestContext>) {
        group.get("invoices/unbilled/lineitems", use: unbilled)
        group.get("invoices/:invoice/lineitems", use: billed)
        group.get("invoices/:invoice/lineitems/:provider/:invoicelineitemtype", use: billedByPath)
    }

    @Sendable func unbilled(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let caller = try context.caller()
        let query = try ReconQuery.read(request)
        let month = query.period.month(at: clock.now())
        let key = query.key(month: month)
        let after = try await seek(request, partner: caller.partnerTenantID, key: key)
        let rows = try await store.unbilledCharges(
            partnerID: caller.partnerTenantID, currency: query.currency, from: month.start, until: month.end, after: after, limit: query.size + 1)
        return try await page(rows, size: query.size, path: "/invoices/unbilled/lineitems?" + query.wire, key: key, partner: caller.partnerTenantID)
    }

    /// `GET /invoices/{id}/lineitems?provider=onetime&invoicelineitemtype=billinglineitems&size=…`: by seek token.
    @Sendable func billed(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let caller = try context.caller()
        try ReconQuery.checkSelector(provider: request.query("provider"), type: request.query("invoicelineitemtype"))
        if let currency = request.query("currencycode"), !ReconQuery.isCurrency(currency) {
            throw HTTPFault(.invalidInput, "currencycode must be a three-letter currency code such as USD.", data: ["currencycode"])
        }
        let invoice = try await InvoicesController.invoice(context, store: store)
        let size = try ReconQuery.size(request)
        let key = "invoice|" + invoice.id
        let after = try await seek(request, partner: caller.partnerTenantID, key: key)
        let rows = try await store.billedCharges(invoiceID: invoice.id, after: after, offset: 0, limit: size + 1)
        let path = "/invoices/\(invoice.id)/lineitems?provider=onetime&invoicelineitemtype=billinglineitems&size=\(size)"
        return try await page(rows, size: size, path: path, key: key, partner: caller.partnerTenantID, invoice: invoice)
    }

    /// `GET /invoices/{id}/lineitems/OneTime/BillingLineItems?size=&offset=`, as the .NET SDK pages it.
    @Sendable func billedByPath(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let caller = try context.caller()
        try ReconQuery.checkSelector(provider: context.parameters.get("provider"), type: context.parameters.get("invoicelineitemtype"))
        let invoice = try await InvoicesController.invoice(context, store: store)
        let size = try ReconQuery.size(request)
        let offset = try InvoicesController.offset(request)
        let rows = try await store.billedCharges(invoiceID: invoice.id, after: nil, offset: offset, limit: size)
        let lines = try await array(rows[...], partner: caller.partnerTenantID, invoice: invoice)
        let base = "/invoices/OneTime-\(invoice.id)/lineitems/OneTime/BillingLineItems?size=\(size)"
        var links = ResourceLinks(self: Link(uri: base + "&offset=\(offset)"))
        if offset + rows.count < invoice.lineCount { links.next = Link(uri: base + "&offset=\(offset + rows.count)") }
        let envelope = ResourceCollection<OneTimeInvoiceLineItem>(items: [], totalCount: invoice.lineCount, links: links)
        return try JSONResponse.collection(envelope, array: lines)
    }

    /// The row a continuation token (header or query) names; a token for another partner or listing is refused.
    func seek(_ request: Request, partner: String, key: String) async throws -> (chargedAt: String, id: String)? {
        guard let token = request.headers[.msContinuationToken] ?? request.query("continuationToken") else { return nil }
        guard let read = try await tokens.read(token, partner: partner, query: key) else {
            throw HTTPFault.badRequest("The continuation token is not valid for this partner and query.", data: ["MS-ContinuationToken"])
        }
        return read
    }

    /// The names a line shows for its partner and customer.
    func partyNames(_ partnerID: String) async throws -> @Sendable (ChargeRow) -> ReconLineItems.Parties {
        let mpnID = try await store.partner(tenantID: partnerID)?.mpnID ?? ""
        return { row in
            ReconLineItems.Parties(
                partnerId: partnerID, mpnId: mpnID, customerName: row.customerName, customerDomainName: row.customerDomain,
                customerCountry: row.customerCountry)
        }
    }

    /// A seek page: `size` of `rows` (which holds one more when another page follows), and the token for the next.
    func page(_ rows: [ChargeRow], size: Int, path: String, key: String, partner: String, invoice: InvoiceRecord? = nil) async throws -> Response {
        let page = rows.prefix(size)
        let lines = try await array(page, partner: partner, invoice: invoice)
        var envelope = ResourceCollection<OneTimeInvoiceLineItem>(items: [], totalCount: page.count, links: ResourceLinks(self: Link(uri: path)))
        if rows.count > size, let last = page.last {
            let token = try await tokens.make(partner: partner, query: key, chargedAt: last.chargedAt, id: last.id)
            envelope.continuationToken = token
            envelope.links?.next = Link(uri: path + "&seekOperation=Next", headers: [LinkHeader(key: "MS-ContinuationToken", value: token)])
        }
        return try JSONResponse.collection(envelope, array: lines)
    }

    /// The rows as a JSON array of recon lines: each kept template filled in with its parties, invoice and tax (the
    /// bytes the encoder would write, without decoding a body), or, for a line kept before templates, its body made
    /// into a line.
    func array(_ rows: ArraySlice<ChargeRow>, partner: String, invoice: InvoiceRecord?) async throws -> [UInt8] {
        let parties = try await partyNames(partner)
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(rows.count * 2_200 + 2)
        for (index, row) in rows.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            if let template = row.template, let subtotal = row.subtotal.flatMap(MoneyText.parse) {
                let tax = invoice?.tax(on: subtotal, country: row.customerCountry) ?? 0
                if ReconLineItems.fill(
                    template, parties: parties(row), invoiceNumber: invoice?.id ?? "", subtotal: subtotal, taxTotal: tax, into: &out)
                {
                    continue
                }
            }
            let record = try row.record()
            let tax = invoice?.tax(on: record.line.subtotal, country: row.customerCountry) ?? 0
            ReconLineItems.make(record, parties: parties(row), invoiceNumber: invoice?.id ?? "", taxTotal: tax).writeCanonicalJSON(into: &out)
        }
        out.append(UInt8(ascii: "]"))
        return out
    }
}

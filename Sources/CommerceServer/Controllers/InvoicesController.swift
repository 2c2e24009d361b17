import CommerceCore
import CommerceStore
import Foundation
import Hummingbird
import PartnerCenterModels

/// Reconciliation (billing spec §3): the new-commerce lines not yet on an invoice, paged by seek token.
struct InvoicesController {
    let store: Store
    let clock: any CommerceClock
    let tokens: SeekTokens

    /// Most lines a page holds, as on Partner Center.
    static let maximumPageSize = 2000

    func addRoutes(to group: RouterGroup<PartnerRequestContext>) {
        group.get("invoices/unbilled/lineitems", use: unbilled)
    }

    @Sendable func unbilled(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let caller = try context.caller()
        let query = try ReconQuery.read(request)
        let (from, until) = query.period.bounds(at: clock.now())
        let key = query.key(periodStart: from)
        var after: (chargedAt: String, id: String)?
        if let token = request.headers[.msContinuationToken] ?? request.query("continuationToken") {
            guard let read = try await tokens.read(token, partner: caller.partnerTenantID, query: key) else {
                throw HTTPFault.badRequest("The continuation token is not valid for this partner and query.", data: ["MS-ContinuationToken"])
            }
            after = read
        }
        let rows = try await store.unbilledCharges(
            partnerID: caller.partnerTenantID, currency: query.currency, from: from, until: until, after: after, limit: query.size + 1)
        let page = rows.prefix(query.size)
        let mpnID = try await store.partner(tenantID: caller.partnerTenantID)?.mpnID ?? ""
        let items = page.map { row in
            ReconLineItems.make(
                row.record,
                parties: ReconLineItems.Parties(
                    partnerId: caller.partnerTenantID, mpnId: mpnID, customerName: row.customerName, customerDomainName: row.customerDomain,
                    customerCountry: row.customerCountry))
        }
        let path = "/invoices/unbilled/lineitems?" + query.wire
        var collection = ResourceCollection(items: Array(items), links: ResourceLinks(self: Link(uri: path)))
        if rows.count > query.size, let last = page.last {
            let token = try await tokens.make(partner: caller.partnerTenantID, query: key, chargedAt: last.chargedAt, id: last.id)
            collection.continuationToken = token
            collection.links?.next = Link(uri: path + "&seekOperation=Next", headers: [LinkHeader(key: "MS-ContinuationToken", value: token)])
        }
        return try JSONResponse.make(collection)
    }
}

/// The query of a recon listing, read as leniently as the SDKs write it (names and values in any case) and as
/// strictly as the service: `provider=one_time` is refused, as Partner Center refuses it.
struct ReconQuery {
    enum Period: String {
        case current, previous

        /// The calendar month (UTC) the period names at `now`.
        func bounds(at now: Date) -> (Date, Date) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let thisMonth = calendar.date(from: calendar.dateComponents([.year, .month], from: now)) ?? now
            let start = self == .current ? thisMonth : (calendar.date(byAdding: .month, value: -1, to: thisMonth) ?? thisMonth)
            return (start, calendar.date(byAdding: .month, value: 1, to: start) ?? now)
        }
    }

    var currency: String
    var period: Period
    var size: Int

    static func read(_ request: Request) throws -> ReconQuery {
        let provider = request.query("provider")?.lowercased()
        guard provider == "onetime" else {
            throw HTTPFault(
                .invalidInput, "provider must be OneTime (written without an underscore), the only provider served here.", data: ["provider"])
        }
        guard request.query("invoicelineitemtype")?.lowercased() == "billinglineitems" else {
            throw HTTPFault(.invalidInput, "invoicelineitemtype must be BillingLineItems.", data: ["invoicelineitemtype"])
        }
        guard let currency = request.query("currencycode"), currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw HTTPFault(.invalidInput, "currencycode must be a three-letter currency code such as USD.", data: ["currencycode"])
        }
        guard let period = Period(rawValue: (request.query("period") ?? "current").lowercased()) else {
            throw HTTPFault(.invalidInput, "period must be current or previous.", data: ["period"])
        }
        var size = InvoicesController.maximumPageSize
        if let text = request.query("size") {
            guard let number = Int(text), number > 0 else {
                throw HTTPFault(.invalidProperty, "size must be a positive whole number.", data: ["size"])
            }
            size = min(number, InvoicesController.maximumPageSize)
        }
        if let seek = request.query("seekOperation"), seek.lowercased() != "next" {
            throw HTTPFault(.invalidInput, "seekOperation must be Next.", data: ["seekOperation"])
        }
        return ReconQuery(currency: currency.uppercased(), period: period, size: size)
    }

    /// What a continuation token is bound to: the listing, the currency and the month, not the page size.
    func key(periodStart: Date) -> String {
        "onetime|billinglineitems|" + currency + "|" + StoreTimeText.month(periodStart)
    }

    /// The query as links write it.
    var wire: String {
        "provider=onetime&invoicelineitemtype=billinglineitems&currencycode=" + currency.lowercased() + "&period=" + period.rawValue + "&size="
            + String(size)
    }
}

/// `2030-03`: a month as a token's binding names it.
enum StoreTimeText {
    static func month(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month], from: date)
        return String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0)
    }
}

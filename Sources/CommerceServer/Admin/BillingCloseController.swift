import CommerceCore
import CommerceStore
import Foundation
import Hummingbird
import PartnerCenterModels

/// `POST /_admin/billing/close`: closes a billing month into invoices at once, which Partner Center's integration
/// sandbox cannot do. Body (all optional): `partnerId` (every partner without it) and `period`, `YYYY-MM`, `current`
/// or `previous` (the default: the month before the partner's current one, the next a real close takes). Answers
/// the month's invoices of those partners, made now or before, so a retry answers the same.
struct BillingCloseController {
    let store: Store
    let billing: BillingCloser
    let maxBodyBytes: Int

    struct Close: Decodable, Sendable {
        var partnerId: String?
        var period: String?
    }

    func addRoutes(to admin: RouterGroup<PartnerRequestContext>) {
        admin.post("billing/close", use: close)
    }

    @Sendable func close(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let body = try await RequestBody.decodeIfPresent(Close.self, from: request, limit: maxBodyBytes) ?? Close()
        let partners: [String]
        if let id = body.partnerId {
            guard let partner = try await store.partner(tenantID: id.lowercased()) else { throw HTTPFault(.notFound, "There is no partner \(id).") }
            partners = [partner.tenantID]
        } else {
            partners = try await store.partners().map(\.tenantID)
        }
        var invoices: [Invoice] = []
        for partner in partners {
            let now = billing.clock.now(partner: partner)
            let month = try Self.month(body.period, at: now)
            _ = try await billing.close(month, partnerID: partner)
            invoices += try await store.invoices(partnerID: partner).filter { $0.month == month }.map(\.wire)
        }
        return try JSONResponse.make(ResourceCollection(items: invoices))
    }

    /// The month a close names, at the partner's time: never one that has not begun.
    static func month(_ period: String?, at now: Date) throws -> BillingMonth {
        let current = BillingMonth(containing: now)
        switch period?.lowercased() {
        case nil, "previous": return current.previous
        case "current": return current
        case let text?:
            guard let month = BillingMonth(text), month <= current else {
                throw HTTPFault(.invalidInput, "period must be YYYY-MM no later than the current month, current or previous.", data: ["period"])
            }
            return month
        }
    }
}

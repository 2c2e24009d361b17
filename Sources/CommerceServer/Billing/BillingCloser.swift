import CommerceCore
import CommerceStore
import Foundation

/// Closes billing months into invoices (billing spec §4): on each partner's clock once a month's end plus the
/// invoice delay has passed (the maintenance pass, and a clock move as it settles), or at once when the operator
/// says so (`POST /_admin/billing/close`). Tax rates are the catalog's at the close.
struct BillingCloser: Sendable {
    let store: Store
    let catalog: CatalogCache
    let clock: any CommerceClock
    /// Days after a month's end before it closes: 6 on Partner Center, where invoices appear on the 6th–8th.
    let invoiceDelayDays: Int

    /// The real service's delay.
    static let defaultInvoiceDelayDays = 6

    /// Closes every closable month of `scope` at `now`: the time the same pass charged its subscriptions up to, so
    /// a clock moved between the two cannot close a month before its charges are written.
    func closeDue(_ scope: PartnerScope, at now: Date) async throws -> [InvoiceRecord] {
        let rates = try await catalog.current().taxRates
        return try await store.closeBillingPeriods(at: now, partners: scope, invoiceDelayDays: invoiceDelayDays, taxRates: rates)
    }

    /// Closes `month` of `partnerID` now, without waiting for the delay; the month before the partner's current one
    /// when nil.
    func close(_ month: BillingMonth?, partnerID: String) async throws -> [InvoiceRecord] {
        let now = clock.now(partner: partnerID)
        let rates = try await catalog.current().taxRates
        return try await store.closeBillingPeriod(month ?? BillingMonth(containing: now).previous, partnerID: partnerID, at: now, taxRates: rates)
    }
}

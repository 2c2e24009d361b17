import CommerceCore
import CommerceStore
import Foundation
import PartnerCenterModels

/// What the dashboard template renders: plain values only, read from the store, the journal and the control plane.
/// Every text from a client (company names, paths) is escaped by Mustache's HTML rendering.
struct DashboardPage {
    struct PartnerLink {
        var tenantId, name: String
        var current: Bool
    }
    struct Clock {
        var now: String
        var frozen: Bool
    }
    struct CustomerRow { var id, companyName, domain, country: String }
    struct LineError {
        var code: Int
        var description: String
    }
    struct CartLine {
        var catalogItemId: String
        var quantity: Int
        var billingCycle: String
        var error: LineError?
    }
    struct CartRow {
        var id, customerId, status, statusClass, expires: String
        var lines: [CartLine]
    }
    struct OrderLine {
        var offerId: String
        var quantity: Int
        var subscriptionId: String?
    }
    struct OrderRow {
        var id, customerId, status, statusClass, created: String
        var lines: [OrderLine]
        /// Pending: the page offers to complete or fail it.
        var pending = false
    }
    struct SubscriptionRow {
        var id, name, offerId, status, statusClass: String
        var quantity: Int
    }
    struct ChargeView {
        var chargeType, customer, product, subscriptionId, period, subtotal, currency: String
        var quantity: Int
        var credit: Bool
    }
    struct InvoiceView {
        var id, month, date, total, tax, currency: String
        var lines: Int
    }
    struct FaultRow {
        var id, fault, operation, when: String
        var remaining: Int?
        var probability: Double?
    }
    struct FulfilmentRow { var id, mode, catalogItemId: String }
    struct JournalRow {
        var time, method, path, statusClass, latency, correlationId, requestId: String
        var status: Int
        /// What the row opens to: both sides' headers and bodies, redacted as the journal's API shows them.
        var requestHeaders, responseHeaders: String
        var requestBody, responseBody: String
    }
    struct Advance { var label, duration: String }

    var title = "Dashboard"
    /// The partner the page shows, whose data the buttons act on.
    var partnerId = ""
    var formToken = ""
    var notice: String?
    /// Reload every five seconds (`?refresh=0` stops it).
    var refresh = true
    var advances = DashboardActions.advances.map { Advance(label: $0.label, duration: $0.duration) }
    var engine: String
    var clock: Clock
    var partners: [PartnerLink]
    var customerCount: Int
    var customers: [CustomerRow]
    var carts: [CartRow]
    var orders: [OrderRow]
    var subscriptions: [SubscriptionRow]
    /// The open month's lines not yet invoiced (the newest), and how many in all.
    var openMonth = ""
    var charges: [ChargeView] = []
    var chargeCount = 0
    var invoices: [InvoiceView] = []
    var faults: [FaultRow]
    var fulfilmentRules: [FulfilmentRow]
    var journal: [JournalRow]
    var journalCount: Int
    var journalEnabled: Bool
    // Stored, not computed: Mustache sees a value's stored properties only (it reads them through `Mirror`).
    var hasCustomers = false
    var hasCarts = false
    var hasOrders = false
    var hasSubscriptions = false
    var hasCharges = false
    var hasInvoices = false
    var hasJournal = false

    /// How many rows of each kind the page shows.
    static let rows = 50

    /// The page for `partner` (one of `all`), read now.
    static func read(
        partner: PartnerRecord, all: [PartnerRecord], store: Store, clock: any CommerceClock, journal: RequestJournal?, faults: [FaultRule],
        fulfilmentRules: [FulfilmentRule]
    ) async throws -> DashboardPage {
        let decoder = PartnerCenterJSON.makeDecoder()
        func decode<T: Decodable>(_ type: T.Type, _ body: String) -> T? { try? decoder.decode(T.self, from: Data(body.utf8)) }
        let tenant = partner.tenantID
        let customers = try await store.customers(partnerID: tenant, after: nil, limit: rows)
        let carts = try await store.recentBodies(.carts, partnerID: tenant, limit: rows).compactMap { row in
            decode(Cart.self, row.body).map { cart in
                CartRow(
                    id: cart.id ?? "", customerId: row.customerID, status: cart.status?.description ?? "",
                    statusClass: statusClass(cart.status?.description),
                    expires: cart.expirationTimestamp.map(WireDate.format) ?? "",
                    lines: cart.lineItems.map { line in
                        CartLine(
                            catalogItemId: line.catalogItemId ?? "", quantity: line.quantity ?? 0, billingCycle: line.billingCycle?.description ?? "",
                            error: line.error.map { LineError(code: $0.errorCode.rawValue, description: $0.errorDescription) }
                        )
                    }
                )
            }
        }
        let orders = try await store.recentBodies(.orders, partnerID: tenant, limit: rows).compactMap { row in
            decode(Order.self, row.body).map { order in
                OrderRow(
                    id: order.id ?? "", customerId: row.customerID, status: order.status?.description ?? "",
                    statusClass: statusClass(order.status?.description),
                    created: order.creationDate.map(WireDate.format) ?? "",
                    lines: order.lineItems.map {
                        OrderLine(offerId: $0.offerId ?? "", quantity: $0.quantity ?? 0, subscriptionId: $0.subscriptionId)
                    },
                    pending: order.status?.description.lowercased() == "pending"
                )
            }
        }
        let subscriptions = try await store.recentBodies(.subscriptions, partnerID: tenant, limit: rows).compactMap { row in
            decode(Subscription.self, row.body).map { subscription in
                SubscriptionRow(
                    id: subscription.id, name: subscription.friendlyName ?? subscription.offerName ?? "", offerId: subscription.offerId ?? "",
                    status: subscription.status?.description ?? "", statusClass: statusClass(subscription.status?.description),
                    quantity: subscription.quantity ?? 0
                )
            }
        }
        let kept = journal?.entries(limit: rows) { _ in true }
        let travelling = clock as? TravellingClock
        var page = DashboardPage(
            engine: store.engineName, clock: Clock(now: WireDate.format(clock.now()), frozen: travelling?.setting.frozenAt != nil),
            partners: all.map { PartnerLink(tenantId: $0.tenantID, name: $0.name, current: $0.tenantID == tenant) },
            customerCount: customers.totalCount,
            customers: customers.items.map { customer in
                CustomerRow(
                    id: customer.id ?? "", companyName: customer.companyProfile?.companyName ?? customer.billingProfile?.companyName ?? "",
                    domain: customer.companyProfile?.domain ?? "", country: customer.billingProfile?.defaultAddress?.country ?? ""
                )
            },
            carts: carts, orders: orders, subscriptions: subscriptions,
            faults: faults.map {
                FaultRow(
                    id: $0.id, fault: $0.fault.rawValue, operation: $0.operation ?? "every operation", when: $0.when.rawValue,
                    remaining: $0.remaining,
                    probability: $0.probability
                )
            },
            fulfilmentRules: fulfilmentRules.map {
                FulfilmentRow(id: $0.id, mode: $0.mode.rawValue, catalogItemId: $0.catalogItemId ?? "every catalog item")
            },
            journal: (kept?.entries ?? []).map { entry in
                let shown = JournalController.Shown(entry)
                return JournalRow(
                    time: WireDate.format(entry.time), method: entry.method, path: entry.path, statusClass: statusClass(httpStatus: entry.status),
                    latency: String(format: "%.1f", entry.latencyMilliseconds), correlationId: entry.correlationID, requestId: entry.requestID,
                    status: entry.status, requestHeaders: headerLines(shown.requestHeaders), responseHeaders: headerLines(shown.responseHeaders),
                    requestBody: shown.requestBody, responseBody: shown.responseBody
                )
            },
            journalCount: journal?.size.entries ?? 0, journalEnabled: journal != nil
        )
        let month = BillingMonth(containing: clock.now(partner: tenant))
        let open = try await store.openCharges(partnerID: tenant, since: month.start, limit: rows)
        page.openMonth = month.description
        page.chargeCount = open.count
        page.charges = open.rows.compactMap { row in
            // A body a restored snapshot garbled leaves its row out, not the whole page.
            guard let record = try? row.record() else { return nil }
            let line = record.line
            return ChargeView(
                chargeType: line.chargeType.rawValue, customer: row.customerName, product: record.item.productName,
                subscriptionId: line.subscriptionId,
                period: String(WireDate.format(line.chargeStart).prefix(10)) + " – " + String(WireDate.format(line.chargeEnd).prefix(10)),
                subtotal: MoneyText.format(line.subtotal), currency: record.currency, quantity: line.quantity, credit: line.subtotal < 0)
        }
        page.invoices = try await store.invoices(partnerID: tenant).prefix(rows).map {
            InvoiceView(
                id: $0.id, month: $0.month.description, date: String(WireDate.format($0.invoiceDate).prefix(10)),
                total: MoneyText.format($0.totalCharges), tax: MoneyText.format($0.taxTotal), currency: $0.currency, lines: $0.lineCount)
        }
        page.hasCharges = !page.charges.isEmpty
        page.hasInvoices = !page.invoices.isEmpty
        page.partnerId = tenant
        page.hasCustomers = !page.customers.isEmpty
        page.hasCarts = !page.carts.isEmpty
        page.hasOrders = !page.orders.isEmpty
        page.hasSubscriptions = !page.subscriptions.isEmpty
        page.hasJournal = !page.journal.isEmpty
        return page
    }

    /// Header fields one a line, sorted, for a journal row's details.
    static func headerLines(_ fields: [String: String]) -> String {
        fields.sorted { $0.key < $1.key }.map { $0.key + ": " + $0.value }.joined(separator: "\n")
    }

    /// The badge colour of a resource's status.
    static func statusClass(_ status: String?) -> String {
        switch status?.lowercased() {
        case "completed", "active", "ordered", "fulfilled": "ok"
        case "pending", "expired", "suspended": "warn"
        case "cancelled", "deleted", "disabled": "bad"
        default: ""
        }
    }

    static func statusClass(httpStatus: Int) -> String {
        switch httpStatus {
        case ..<400: "ok"
        case 400..<500: "warn"
        default: "bad"
        }
    }
}

import CommerceCore
import Foundation
import PartnerCenterModels
import SQLKit

/// Invoices (billing spec §4): a closed month's unbilled lines become one invoice per partner and currency, once,
/// whatever nodes race for it.
extension Store {
    /// Closes every month of `partners` that is closable at `now` (its end plus the invoice delay has passed) and
    /// still has unbilled lines; returns the invoices made, oldest month first.
    public func closeBillingPeriods(
        at now: Date, partners: PartnerScope = .all, invoiceDelayDays: Int, taxRates: [String: Decimal]
    ) async throws -> [InvoiceRecord] {
        let firstOpen = BillingMonth.firstOpen(at: now, invoiceDelayDays: invoiceDelayDays)
        let waiting = try await engine.withDatabase { db in
            try await db.raw(
                """
                SELECT partner_id, currency, MIN(charged_at) AS first FROM charge_lines
                WHERE invoice_id IS NULL AND charged_at < \(bind: StoreTime.text(firstOpen.start))\(partners.condition)
                GROUP BY partner_id, currency ORDER BY partner_id, currency
                """
            ).all().map {
                (
                    partner: try $0.decode(column: "partner_id", as: String.self), currency: try $0.decode(column: "currency", as: String.self),
                    first: StoreTime.date(try $0.decode(column: "first", as: String.self)) ?? now
                )
            }
        }
        var made: [InvoiceRecord] = []
        for (partner, currency, first) in waiting {
            // A month whose invoice exists (closed early) leaves its late lines to the next month's invoice.
            var month = BillingMonth(containing: first)
            while month < firstOpen {
                let issued = min(now, month.end.addingTimeInterval(Double(invoiceDelayDays) * 86_400))
                if let invoice = try await closeMonth(month, partnerID: partner, currency: currency, issuedAt: issued, taxRates: taxRates) {
                    made.append(invoice)
                }
                month = month.next
            }
        }
        return made
    }

    /// Closes `month` of `partnerID` at once, in every currency it has unbilled lines in up to the month's end
    /// (`POST /_admin/billing/close`); a month that has not ended may be closed too, and its later lines go on the
    /// next month's invoice. Returns the invoices made (none where the month was closed already).
    public func closeBillingPeriod(_ month: BillingMonth, partnerID: String, at now: Date, taxRates: [String: Decimal]) async throws
        -> [InvoiceRecord]
    {
        let currencies = try await engine.withDatabase { db in
            try await db.raw(
                """
                SELECT DISTINCT currency FROM charge_lines WHERE invoice_id IS NULL AND partner_id = \(bind: partnerID)
                AND charged_at < \(bind: StoreTime.text(month.end)) ORDER BY currency
                """
            ).all().map { try $0.decode(column: "currency", as: String.self) }
        }
        var made: [InvoiceRecord] = []
        for currency in currencies {
            if let invoice = try await closeMonth(month, partnerID: partnerID, currency: currency, issuedAt: now, taxRates: taxRates) {
                made.append(invoice)
            }
        }
        return made
    }

    /// One invoice: every unbilled line of the partner in the currency charged before the month's end, its tax by
    /// each line's market, the `invoice-ready` event, all in one transaction. Nil when the month's invoice exists or
    /// nothing is left to bill.
    func closeMonth(_ month: BillingMonth, partnerID: String, currency: String, issuedAt: Date, taxRates: [String: Decimal]) async throws
        -> InvoiceRecord?
    {
        let ids = self.ids
        return try await engine.withTransaction { db in
            // Nodes closing together take turns; the second then finds the invoice made.
            try await self.engine.exclusiveLock("invoice-close", in: db)
            let period = month.description
            if try await db.select().column("id").from("invoices").where("partner_id", .equal, partnerID).where("currency", .equal, currency)
                .where("period", .equal, period).first() != nil
            {
                return nil
            }
            let unbilled: SQLQueryString = """
                l.partner_id = \(bind: partnerID) AND l.currency = \(bind: currency) AND l.invoice_id IS NULL
                AND l.charged_at < \(bind: StoreTime.text(month.end))
                """
            var totals = InvoiceTotals(rates: taxRates)
            let rows = try await db.raw(
                // The body only where the subtotal has no column of its own: 100,000 bodies are megabytes read for nothing.
                "SELECT l.subtotal, CASE WHEN l.subtotal IS NULL THEN l.body END AS body, c.country FROM charge_lines l "
                    + "JOIN customers c ON c.id = l.customer_id WHERE " + unbilled
            ).all()
            for row in rows {
                let country = try row.decode(column: "country", as: String.self)
                // Lines charged before their subtotal had a column of its own carry it only in their body.
                let subtotal =
                    try row.decode(column: "subtotal", as: String?.self).flatMap(MoneyText.parse)
                    ?? StoreJSON.decode(ChargeRecord.self, from: row.decode(column: "body", as: String?.self) ?? "").line.subtotal
                totals.add(subtotal: subtotal, country: country)
            }
            guard totals.lineCount > 0 else { return nil }
            var id = ids.invoiceNumber()
            while try await db.select().column("id").from("invoices").where("id", .equal, id).first() != nil { id = ids.invoiceNumber() }
            let record = InvoiceRecord(
                id: id, partnerId: partnerID, currency: currency, month: month, invoiceDate: issuedAt, subtotal: totals.subtotal,
                taxTotal: totals.taxTotal, lineCount: totals.lineCount, taxRates: totals.usedRates)
            let rates = Dictionary(uniqueKeysWithValues: record.taxRates.map { ($0.key, MoneyText.format($0.value)) })
            try await db.insert(into: "invoices")
                .columns(
                    "id", "partner_id", "currency", "period", "invoice_date", "subtotal", "tax_total", "line_count", "tax_rates",
                    "created_at"
                )
                .values(
                    SQLBind(id), SQLBind(partnerID), SQLBind(currency), SQLBind(period), SQLBind(StoreTime.text(issuedAt)),
                    SQLBind(MoneyText.format(record.subtotal)), SQLBind(MoneyText.format(record.taxTotal)),
                    SQLBind(record.lineCount), SQLBind(try StoreJSON.encode(rates)),
                    SQLBind(StoreTime.text(issuedAt))
                ).run()
            try await db.raw("UPDATE charge_lines SET invoice_id = \(bind: id) WHERE id IN (SELECT l.id FROM charge_lines l WHERE " + unbilled + ")")
                .run()
            try await Self.raise(WebhookEventName.invoiceReady, partnerID: partnerID, at: issuedAt, in: db) {
                WebhookEvent.invoiceReady(invoiceID: id, ids: ids)
            }
            return record
        }
    }

    /// The partner's invoices, newest first.
    public func invoices(partnerID: String) async throws -> [InvoiceRecord] {
        try await engine.withDatabase { db in
            try await db.select().columns("*").from("invoices").where("partner_id", .equal, partnerID)
                .orderBy("invoice_date", .descending).orderBy("id", .descending).all().map(Self.invoiceRecord)
        }
    }

    /// One of the partner's invoices; nil for another partner's.
    public func invoice(id: String, partnerID: String) async throws -> InvoiceRecord? {
        try await engine.withDatabase { db in
            try await db.select().columns("*").from("invoices").where("partner_id", .equal, partnerID).where("id", .equal, id.uppercased())
                .first().map(Self.invoiceRecord)
        }
    }

    static func invoiceRecord(_ row: any SQLRow) throws -> InvoiceRecord {
        // Rates a restored snapshot garbled read as none, rather than failing every listing of the partner's invoices.
        let rates = (try? StoreJSON.decode([String: String].self, from: row.decode(column: "tax_rates", as: String.self))) ?? [:]
        return InvoiceRecord(
            id: try row.decode(column: "id", as: String.self), partnerId: try row.decode(column: "partner_id", as: String.self),
            currency: try row.decode(column: "currency", as: String.self),
            month: BillingMonth(try row.decode(column: "period", as: String.self)) ?? BillingMonth(containing: .distantPast),
            invoiceDate: StoreTime.date(try row.decode(column: "invoice_date", as: String.self)) ?? .distantPast,
            subtotal: MoneyText.parse(try row.decode(column: "subtotal", as: String.self)) ?? 0,
            taxTotal: MoneyText.parse(try row.decode(column: "tax_total", as: String.self)) ?? 0,
            lineCount: try row.decode(column: "line_count", as: Int.self),
            taxRates: rates.compactMapValues(MoneyText.parse))
    }

    /// A page of an invoice's lines, in charge order (time, then id), after the row `after` names or past the first
    /// `offset`.
    public func billedCharges(invoiceID: String, after: (chargedAt: String, id: String)?, offset: Int, limit: Int) async throws -> [ChargeRow] {
        try await engine.withDatabase { db in
            var query: SQLQueryString = """
                SELECT l.id, l.charged_at, l.line_json, l.subtotal, CASE WHEN l.line_json IS NULL OR l.subtotal IS NULL THEN l.body END AS body,
                c.company_name, c.domain, c.country FROM charge_lines l JOIN customers c ON c.id = l.customer_id
                WHERE l.invoice_id = \(bind: invoiceID)
                """
            if let after {
                // A row value: PostgreSQL seeks the index to it, where the same test written with OR scanned the month from
                // its start for every page (a listing of 100,000 lines ran at 6,500 lines/s).
                query += " AND (l.charged_at, l.id) > (\(bind: after.chargedAt), \(bind: after.id))"
            }
            query += " ORDER BY l.charged_at, l.id LIMIT \(bind: max(limit, 1)) OFFSET \(bind: max(offset, 0))"
            return try await db.raw(query).all().map(ChargeRow.init(row:))
        }
    }
}

extension ChargeRow {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: String.self), chargedAt: try row.decode(column: "charged_at", as: String.self),
            template: try row.decode(column: "line_json", as: String?.self), subtotal: try row.decode(column: "subtotal", as: String?.self),
            body: try row.decode(column: "body", as: String?.self),
            customerName: try row.decode(column: "company_name", as: String?.self) ?? "",
            customerDomain: try row.decode(column: "domain", as: String.self),
            customerCountry: try row.decode(column: "country", as: String.self))
    }
}

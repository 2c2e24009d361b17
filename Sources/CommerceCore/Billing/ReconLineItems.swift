import Foundation
import PartnerCenterModels

/// A kept charge as Partner Center's new-commerce recon line (billing spec §3): every field present, money as the
/// catalog's exact digits, dates as the NCE examples write them. Unbilled lines carry no invoice number and no tax.
public enum ReconLineItems {
    /// Who the line is for, as the recon file names them.
    public struct Parties: Sendable {
        public var partnerId: String
        public var mpnId: String
        public var customerName: String
        public var customerDomainName: String
        public var customerCountry: String

        public init(partnerId: String, mpnId: String, customerName: String, customerDomainName: String, customerCountry: String) {
            self.partnerId = partnerId
            self.mpnId = mpnId
            self.customerName = customerName
            self.customerDomainName = customerDomainName
            self.customerCountry = customerCountry
        }
    }

    public static func make(_ record: ChargeRecord, parties: Parties, invoiceNumber: String = "", taxTotal: Decimal = 0) -> OneTimeInvoiceLineItem {
        let line = record.line
        let item = record.item
        var out = OneTimeInvoiceLineItem()
        out.partnerId = parties.partnerId
        out.customerId = record.customerId
        out.customerName = parties.customerName
        out.customerDomainName = parties.customerDomainName
        out.customerCountry = parties.customerCountry
        out.mpnId = parties.mpnId
        out.invoiceNumber = invoiceNumber
        out.orderId = record.orderId ?? ""
        out.alternateId = record.orderId ?? ""
        out.orderDate = record.orderDate.map(WireDate.format) ?? ""
        out.referenceId = record.referenceId
        out.productId = item.productId
        out.skuId = item.skuId
        out.availabilityId = item.availabilityId
        out.productName = item.productName
        out.skuName = item.skuName
        out.publisherName = item.publisherName
        out.chargeType = line.chargeType.rawValue
        out.unitPrice = MoneyText.format(line.unitPrice)
        out.effectiveUnitPrice = MoneyText.format(line.effectiveUnitPrice)
        out.quantity = String(line.quantity)
        out.billableQuantity = String(line.quantity)
        out.subtotal = MoneyText.format(line.subtotal)
        out.taxTotal = MoneyText.format(taxTotal)
        out.totalForCustomer = MoneyText.format(line.subtotal + taxTotal)
        out.currency = record.currency
        out.pricingCurrency = record.currency
        out.pcToBCExchangeRateDate = monthStart(line.chargedAt)
        out.subscriptionId = line.subscriptionId
        out.subscriptionDescription = item.subscriptionDescription
        out.subscriptionStartDate = item.subscriptionStart.map(day) ?? ""
        out.subscriptionEndDate = item.subscriptionEnd.map(day) ?? ""
        out.chargeStartDate = day(line.chargeStart)
        out.chargeEndDate = day(line.chargeEnd)
        out.termAndBillingCycle = termAndBillingCycle(item.termDuration)
        out.billingFrequency = frequency(item.billingCycle)
        out.priceAdjustmentDescription = #"["Price for given billing period","Price for given term"]"#
        return out
    }

    /// The line's recon JSON as kept when it is charged: everything but who it is for, its invoice and its tax,
    /// which a listing fills in (``fill(_:parties:invoiceNumber:subtotal:taxTotal:into:)``).
    public static func template(_ record: ChargeRecord) -> String {
        make(record, parties: Parties(partnerId: "", mpnId: "", customerName: "", customerDomainName: "", customerCountry: "")).template
    }

    /// A kept template filled in: the bytes the canonical encoder writes for ``make(_:parties:invoiceNumber:taxTotal:)``
    /// of the same charge. False (nothing written) when the text is not a template.
    @discardableResult
    public static func fill(
        _ template: String, parties: Parties, invoiceNumber: String = "", subtotal: Decimal, taxTotal: Decimal = 0, into out: inout [UInt8]
    ) -> Bool {
        OneTimeInvoiceLineItem.fill(
            template,
            values: [
                parties.partnerId, parties.customerName, parties.customerDomainName, parties.customerCountry, parties.mpnId, invoiceNumber,
                MoneyText.format(taxTotal), MoneyText.format(subtotal + taxTotal),
            ], into: &out)
    }

    /// "One-Year commitment for monthly/yearly billing", as the NCE example writes it.
    static func termAndBillingCycle(_ term: String) -> String {
        switch term.uppercased() {
        case "P1M": "One-Month commitment for monthly billing"
        case "P1Y": "One-Year commitment for monthly/yearly billing"
        case "P3Y": "Three-Year commitment for monthly/triennial/yearly billing"
        default: ""
        }
    }

    static func frequency(_ cycle: String) -> String {
        switch BillingCycleType(wire: cycle) {
        case .monthly: "Monthly"
        case .annual: "Annual"
        case .triennial: "Triennial"
        case .oneTime: "OneTime"
        default: ""
        }
    }

    /// The UTC day, as `2021-05-20T00:00:00Z`.
    public static func day(_ date: Date) -> String {
        let (year, month, day) = civil(date)
        return digits(year, 4) + "-" + digits(month, 2) + "-" + digits(day, 2) + "T00:00:00Z"
    }

    /// The first of the month, as `2021-05-01T00:00:00` (the exchange rate's date).
    public static func monthStart(_ date: Date) -> String {
        let (year, month, _) = civil(date)
        return digits(year, 4) + "-" + digits(month, 2) + "-01T00:00:00"
    }

    /// The UTC calendar date of an instant, by `WireDate`'s day arithmetic: a page of 2,000 lines asks for 10,000 of
    /// them, which `Calendar` and `String(format:)` made a tenth of the listing's time.
    public static func civil(_ date: Date) -> (year: Int, month: Int, day: Int) {
        WireDate.civil(fromDays: Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// `value` written with at least `width` digits, zeros in front.
    static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

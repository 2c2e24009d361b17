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

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The UTC day, as `2021-05-20T00:00:00Z`.
    static func day(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02dT00:00:00Z", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// The first of the month, as `2021-05-01T00:00:00` (the exchange rate's date).
    static func monthStart(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month], from: date)
        return String(format: "%04d-%02d-01T00:00:00", parts.year ?? 0, parts.month ?? 0)
    }
}

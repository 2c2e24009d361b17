import Foundation
import PartnerCenterModels

/// Recon lines as the CSV file partners load into spreadsheets: the fields in the order Partner Center's docs list
/// a new-commerce billed line, a header row of their names, RFC 4180 quoting. A text that a spreadsheet would run
/// as a formula (a customer's name beginning with `=`, `+`, `@` or `-` that is not a number) is written with a
/// leading `'`, so a hostile name stays text.
enum ReconCSV {
    /// The docs' order (billing spec §3's billed example), then the one field it leaves out.
    static let fields = [
        "partnerId", "customerId", "customerName", "customerDomainName", "customerCountry", "invoiceNumber", "mpnId", "resellerMpnId", "orderId",
        "orderDate", "productId", "skuId", "availabilityId", "productName", "skuName", "productQualifiers", "chargeType", "unitPrice",
        "effectiveUnitPrice", "unitType", "quantity", "subtotal", "taxTotal", "totalForCustomer", "currency", "publisherName", "publisherId",
        "subscriptionDescription", "subscriptionId", "subscriptionStartDate", "subscriptionEndDate", "chargeStartDate", "chargeEndDate",
        "termAndBillingCycle", "alternateId", "referenceId", "priceAdjustmentDescription", "discountDetails", "pricingCurrency",
        "pcToBCExchangeRate", "pcToBCExchangeRateDate", "billableQuantity", "meterDescription", "billingFrequency", "reservationOrderId",
        "invoiceLineItemType", "billingProvider", "promotionId", "creditReasonCode",
    ]

    static func render(_ lines: [OneTimeInvoiceLineItem]) throws -> String {
        var out = fields.map(cell).joined(separator: ",") + "\r\n"
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(line)) as? [String: Any] ?? [:]
            out += fields.map { name in cell(text(object[name])) }.joined(separator: ",") + "\r\n"
        }
        return out
    }

    static func text(_ value: Any?) -> String {
        switch value {
        case let text as String: return text
        case let list as [Any]:
            let data = (try? JSONSerialization.data(withJSONObject: list)) ?? Data("[]".utf8)
            return String(decoding: data, as: UTF8.self)
        case let number as NSNumber: return number.stringValue
        default: return ""
        }
    }

    /// `-6.5`: digits and at most one point after the sign, as money is written.
    static func isNegativeNumber(_ text: String) -> Bool {
        let digits = text.dropFirst()
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") } && digits.filter { $0 == "." }.count <= 1
    }

    /// One field: quoted when it holds a comma, a quote or a line break; a formula's lead neutralised.
    static func cell(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+@\t\r".contains(first) || (first == "-" && !isNegativeNumber(text)) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

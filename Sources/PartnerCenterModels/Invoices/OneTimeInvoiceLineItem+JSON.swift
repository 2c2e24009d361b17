/// A page of recon lines written straight to canonical JSON: the bytes `PartnerCenterJSON.encode` writes for the
/// same lines (keys in UTF-8 byte order, the same escapes), without `Encodable`'s per-field dispatch and per-object
/// key sort, which were a third of a 2,000-line page's time. The members are written in that order, one statement
/// each; `ReconJSONTests` holds the two to the same bytes, so a member added to the model and not here fails it.
extension OneTimeInvoiceLineItem {
    /// `[line,line,…]` as canonical JSON.
    public static func canonicalJSONArray(_ items: some Collection<OneTimeInvoiceLineItem>) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(items.count * 2_200 + 2)
        var first = true
        for item in items {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            item.writeCanonicalJSON(into: &out)
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    /// The line as canonical JSON; with `template`, each ``Slot`` member is written as a marker for ``fill`` instead.
    public func writeCanonicalJSON(into out: inout [UInt8], template: Bool = false) {
        out.append(contentsOf: #"{"alternateId":"#.utf8)
        Self.writeString(alternateId, into: &out)
        out.append(contentsOf: #","attributes":"#.utf8)
        writeAttributes(into: &out)
        out.append(contentsOf: #","availabilityId":"#.utf8)
        Self.writeString(availabilityId, into: &out)
        out.append(contentsOf: #","billableQuantity":"#.utf8)
        Self.writeString(billableQuantity, into: &out)
        out.append(contentsOf: #","billingFrequency":"#.utf8)
        Self.writeString(billingFrequency, into: &out)
        out.append(contentsOf: #","billingProvider":"#.utf8)
        Self.writeString(billingProvider, into: &out)
        out.append(contentsOf: #","chargeEndDate":"#.utf8)
        Self.writeString(chargeEndDate, into: &out)
        out.append(contentsOf: #","chargeStartDate":"#.utf8)
        Self.writeString(chargeStartDate, into: &out)
        out.append(contentsOf: #","chargeType":"#.utf8)
        Self.writeString(chargeType, into: &out)
        out.append(contentsOf: #","creditReasonCode":"#.utf8)
        Self.writeString(creditReasonCode, into: &out)
        out.append(contentsOf: #","currency":"#.utf8)
        Self.writeString(currency, into: &out)
        out.append(contentsOf: #","customerCountry":"#.utf8)
        if template { out.append(contentsOf: [Self.marker, Slot.customerCountry.rawValue]) } else { Self.writeString(customerCountry, into: &out) }
        out.append(contentsOf: #","customerDomainName":"#.utf8)
        if template {
            out.append(contentsOf: [Self.marker, Slot.customerDomainName.rawValue])
        } else {
            Self.writeString(customerDomainName, into: &out)
        }
        out.append(contentsOf: #","customerId":"#.utf8)
        Self.writeString(customerId, into: &out)
        out.append(contentsOf: #","customerName":"#.utf8)
        if template { out.append(contentsOf: [Self.marker, Slot.customerName.rawValue]) } else { Self.writeString(customerName, into: &out) }
        out.append(contentsOf: #","discountDetails":"#.utf8)
        Self.writeString(discountDetails, into: &out)
        out.append(contentsOf: #","effectiveUnitPrice":"#.utf8)
        Self.writeString(effectiveUnitPrice, into: &out)
        out.append(contentsOf: #","invoiceLineItemType":"#.utf8)
        Self.writeString(invoiceLineItemType, into: &out)
        out.append(contentsOf: #","invoiceNumber":"#.utf8)
        if template { out.append(contentsOf: [Self.marker, Slot.invoiceNumber.rawValue]) } else { Self.writeString(invoiceNumber, into: &out) }
        out.append(contentsOf: #","meterDescription":"#.utf8)
        Self.writeString(meterDescription, into: &out)
        out.append(contentsOf: #","mpnId":"#.utf8)
        if template { out.append(contentsOf: [Self.marker, Slot.mpnId.rawValue]) } else { Self.writeString(mpnId, into: &out) }
        out.append(contentsOf: #","orderDate":"#.utf8)
        Self.writeString(orderDate, into: &out)
        out.append(contentsOf: #","orderId":"#.utf8)
        Self.writeString(orderId, into: &out)
        out.append(contentsOf: #","partnerId":"#.utf8)
        if template { out.append(contentsOf: [Self.marker, Slot.partnerId.rawValue]) } else { Self.writeString(partnerId, into: &out) }
        out.append(contentsOf: #","pcToBCExchangeRate":"#.utf8)
        Self.writeString(pcToBCExchangeRate, into: &out)
        out.append(contentsOf: #","pcToBCExchangeRateDate":"#.utf8)
        Self.writeString(pcToBCExchangeRateDate, into: &out)
        out.append(contentsOf: #","priceAdjustmentDescription":"#.utf8)
        Self.writeString(priceAdjustmentDescription, into: &out)
        out.append(contentsOf: #","pricingCurrency":"#.utf8)
        Self.writeString(pricingCurrency, into: &out)
        out.append(contentsOf: #","productId":"#.utf8)
        Self.writeString(productId, into: &out)
        out.append(contentsOf: #","productName":"#.utf8)
        Self.writeString(productName, into: &out)
        out.append(contentsOf: #","productQualifiers":"#.utf8)
        Self.writeList(productQualifiers, into: &out)
        out.append(contentsOf: #","promotionId":"#.utf8)
        Self.writeString(promotionId, into: &out)
        out.append(contentsOf: #","publisherId":"#.utf8)
        Self.writeString(publisherId, into: &out)
        out.append(contentsOf: #","publisherName":"#.utf8)
        Self.writeString(publisherName, into: &out)
        out.append(contentsOf: #","quantity":"#.utf8)
        Self.writeString(quantity, into: &out)
        out.append(contentsOf: #","referenceId":"#.utf8)
        Self.writeString(referenceId, into: &out)
        out.append(contentsOf: #","resellerMpnId":"#.utf8)
        Self.writeString(resellerMpnId, into: &out)
        out.append(contentsOf: #","reservationOrderId":"#.utf8)
        Self.writeString(reservationOrderId, into: &out)
        out.append(contentsOf: #","skuId":"#.utf8)
        Self.writeString(skuId, into: &out)
        out.append(contentsOf: #","skuName":"#.utf8)
        Self.writeString(skuName, into: &out)
        out.append(contentsOf: #","subscriptionDescription":"#.utf8)
        Self.writeString(subscriptionDescription, into: &out)
        out.append(contentsOf: #","subscriptionEndDate":"#.utf8)
        Self.writeString(subscriptionEndDate, into: &out)
        out.append(contentsOf: #","subscriptionId":"#.utf8)
        Self.writeString(subscriptionId, into: &out)
        out.append(contentsOf: #","subscriptionStartDate":"#.utf8)
        Self.writeString(subscriptionStartDate, into: &out)
        out.append(contentsOf: #","subtotal":"#.utf8)
        Self.writeString(subtotal, into: &out)
        out.append(contentsOf: #","taxTotal":"#.utf8)
        if template { out.append(contentsOf: [Self.marker, Slot.taxTotal.rawValue]) } else { Self.writeString(taxTotal, into: &out) }
        out.append(contentsOf: #","termAndBillingCycle":"#.utf8)
        Self.writeString(termAndBillingCycle, into: &out)
        out.append(contentsOf: #","totalForCustomer":"#.utf8)
        if template { out.append(contentsOf: [Self.marker, Slot.totalForCustomer.rawValue]) } else { Self.writeString(totalForCustomer, into: &out) }
        out.append(contentsOf: #","unitPrice":"#.utf8)
        Self.writeString(unitPrice, into: &out)
        out.append(contentsOf: #","unitType":"#.utf8)
        Self.writeString(unitType, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// The members a listing fills in when it reads a kept line: who it is for, its invoice and its tax. The rest is
    /// fixed when the line is charged, and kept written (``template``), so a page of 2,000 lines decodes nothing.
    public enum Slot: UInt8, CaseIterable, Sendable {
        case partnerId = 0x41
        case customerName, customerDomainName, customerCountry, mpnId, invoiceNumber, taxTotal, totalForCustomer
    }

    /// Marks a slot in a template: a control character, which canonical JSON never writes raw.
    static let marker: UInt8 = 0x01

    /// The line's canonical JSON with its slots left open, as text to keep.
    public var template: String {
        var out: [UInt8] = []
        writeCanonicalJSON(into: &out, template: true)
        return String(decoding: out, as: UTF8.self)
    }

    /// A kept template with its slots filled (`values` in ``Slot`` order), appended to `out`: the bytes the encoder
    /// writes for the line with those members. False when the text is not a template (nothing is appended then).
    @discardableResult
    public static func fill(_ template: String, values: [String], into out: inout [UInt8]) -> Bool {
        var template = template
        return template.withUTF8 { bytes in
            guard values.count == Slot.allCases.count, bytes.first == UInt8(ascii: "{") else { return false }
            let start = out.count
            var index = 0
            var copied = 0
            while index < bytes.count {
                if bytes[index] == marker {
                    guard index + 1 < bytes.count, let slot = Slot(rawValue: bytes[index + 1]) else {
                        out.removeSubrange(start...)
                        return false
                    }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
                    writeString(values[Int(slot.rawValue - Slot.partnerId.rawValue)], into: &out)
                    index += 2
                    copied = index
                } else {
                    index += 1
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<bytes.count]))
            return true
        }
    }

    /// `ResourceAttributes` as the encoder writes it: only what it holds, `etag` before `objectType`.
    private func writeAttributes(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        if let etag = attributes.etag {
            out.append(contentsOf: #""etag":"#.utf8)
            Self.writeString(etag, into: &out)
        }
        if let objectType = attributes.objectType {
            if attributes.etag != nil { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #""objectType":"#.utf8)
            Self.writeString(objectType, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    private static func writeList(_ list: [String], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (position, text) in list.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            writeString(text, into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    static func writeString(_ text: String, into out: inout [UInt8]) {
        JSONText.appendString(text, to: &out)
    }
}

import Foundation
import PartnerCenterModels

/// The rules for creating a customer (spec §2.6): what a request must hold, and what the server fills in.
public enum NewCustomer {
    /// Validates a create-customer body and returns the customer to store, ids and defaults filled in.
    ///
    /// Required: `companyProfile.domain` (a domain name), `billingProfile.email`, and a
    /// `billingProfile.defaultAddress.country` we sell in. Server-owned fields in the body are ignored.
    public static func make(from request: Customer, ids: some IDGenerator) throws(CommerceError) -> (customer: Customer, market: Market) {
        guard let domain = request.companyProfile?.domain?.trimmed, !domain.isEmpty else {
            throw .invalidProperty("companyProfile.domain", "companyProfile.domain is required.")
        }
        guard isDomainName(domain) else {
            throw .invalidProperty("companyProfile.domain", "companyProfile.domain '\(domain)' is not a valid domain name.")
        }
        guard let billing = request.billingProfile else {
            throw .invalidProperty("billingProfile", "billingProfile is required.")
        }
        // Read as Unicode scalars, as openapi.yaml's pattern is: "@" followed by a combining mark is still an "@".
        guard let email = billing.email?.trimmed, email.unicodeScalars.contains("@"), email.unicodeScalars.first != "@",
            email.unicodeScalars.last != "@"
        else {
            throw .invalidProperty("billingProfile.email", "billingProfile.email must be an e-mail address.")
        }
        guard let country = billing.defaultAddress?.country?.trimmed, !country.isEmpty else {
            throw .invalidProperty("billingProfile.defaultAddress.country", "billingProfile.defaultAddress.country is required.")
        }
        guard let market = Market.named(country) else {
            throw CommerceError(
                .notSoldInCountry, "Country '\(country)' is not a market this server sells in.",
                data: ["billingProfile.defaultAddress.country"])
        }

        let id = ids.guid()
        let companyName = request.companyProfile?.companyName?.trimmed ?? billing.companyName?.trimmed
        var customer = Customer(
            companyProfile: CompanyProfile(domain: domain.lowercased(), companyName: companyName),
            billingProfile: billing
        )
        customer.id = id
        customer.commerceId = ids.guid()
        customer.companyProfile?.tenantId = id
        customer.companyProfile?.organizationRegistrationNumber = request.companyProfile?.organizationRegistrationNumber
        customer.companyProfile?.attributes = ResourceAttributes(objectType: "CustomerCompanyProfile")
        customer.billingProfile?.id = ids.guid()
        customer.billingProfile?.email = email
        customer.billingProfile?.companyName = billing.companyName?.trimmed ?? companyName
        customer.billingProfile?.culture = billing.culture ?? "en-US"
        customer.billingProfile?.language = billing.language ?? "en"
        customer.billingProfile?.defaultAddress?.country = market.country
        customer.billingProfile?.attributes = ResourceAttributes(objectType: "CustomerBillingProfile")
        customer.relationshipToPartner = .reseller
        customer.allowDelegatedAccess = true
        customer.customDomains = []
        customer.links = ResourceLinks(self: Link(uri: "/customers/\(id)"))
        customer.attributes = ResourceAttributes(objectType: "Customer")
        return (customer, market)
    }

    /// Letters, digits and hyphens in dot-separated labels, at least two labels.
    static func isDomainName(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, text.count <= 253 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }
}

extension String {
    /// The text without surrounding white space, or `nil` when nothing is left.
    var trimmed: String? {
        let result = self.trimmingCharacters(in: .whitespacesAndNewlines)
        return result.isEmpty ? nil : result
    }
}

import CommerceCore
import PartnerCenterModels
import Testing

/// What a create-customer body must hold, and what the server fills in (spec §2.6).
@Suite struct NewCustomerTests {
    func request(domain: String? = "fabrikam.onmicrosoft.com", email: String? = "a@fabrikam.com", country: String? = "us") -> Customer {
        Customer(
            companyProfile: CompanyProfile(domain: domain),
            billingProfile: BillingProfile(
                email: email, culture: nil, language: nil, companyName: "Fabrikam", defaultAddress: Address(country: country))
        )
    }

    @Test func fillsServerOwnedFields() throws {
        let (customer, market) = try NewCustomer.make(from: request(domain: "Fabrikam.onmicrosoft.com"), ids: RandomIDGenerator())
        #expect(market.currencyCode == "USD")
        #expect(customer.id != nil && customer.id == customer.companyProfile?.tenantId)
        #expect(customer.companyProfile?.domain == "fabrikam.onmicrosoft.com")
        #expect(customer.companyProfile?.companyName == "Fabrikam")
        #expect(customer.billingProfile?.defaultAddress?.country == "US")
        #expect(customer.billingProfile?.culture == "en-US")
        #expect(customer.relationshipToPartner == .reseller)
        #expect(customer.attributes?.objectType == "Customer")
        #expect(customer.links?.`self`?.uri == "/customers/\(customer.id!)")
    }

    @Test(
        arguments: [
            (nil, "a@b.c", "US", "companyProfile.domain"),
            ("bad domain", "a@b.c", "US", "companyProfile.domain"),
            ("nodots", "a@b.c", "US", "companyProfile.domain"),
            ("x.onmicrosoft.com", "not-an-email", "US", "billingProfile.email"),
            ("x.onmicrosoft.com", "a@b.c", nil, "billingProfile.defaultAddress.country"),
            ("x.onmicrosoft.com", "a@b.c", "ZZ", "billingProfile.defaultAddress.country"),
        ] as [(String?, String?, String?, String)])
    func refusesIncompleteRequests(_ domain: String?, _ email: String?, _ country: String?, _ field: String) {
        #expect {
            _ = try NewCustomer.make(from: request(domain: domain, email: email, country: country), ids: RandomIDGenerator())
        } throws: { error in
            (error as? CommerceError)?.data == [field] && (error as? CommerceError)?.kind == .invalidInput
        }
    }

    @Test func marketsCarryTheirCurrency() {
        #expect(Market.named("de")?.currencyCode == "EUR")
        #expect(Market.named("TW")?.currencySymbol == "NT$")
        #expect(Market.named("XX") == nil)
    }
}

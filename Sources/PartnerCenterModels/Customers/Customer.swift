/// A customer tenant the partner sells to (spec §3.11). Its billing address country is its market.
public struct Customer: Codable, Hashable, Sendable {
    public var id: String?
    public var commerceId: String?
    public var companyProfile: CompanyProfile?
    public var billingProfile: BillingProfile?
    public var relationshipToPartner: CustomerPartnerRelationship?
    public var allowDelegatedAccess: Bool?
    public var customDomains: [String]?
    public var associatedPartnerId: String?
    public var links: ResourceLinks?
    public var attributes: ResourceAttributes?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, commerceId, companyProfile, billingProfile, relationshipToPartner, allowDelegatedAccess, customDomains
        case associatedPartnerId, links, attributes
    }

    public init(companyProfile: CompanyProfile, billingProfile: BillingProfile) {
        self.companyProfile = companyProfile
        self.billingProfile = billingProfile
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        commerceId = try container.decodeIfPresent(String.self, forKey: .commerceId)
        companyProfile = try container.decodeIfPresent(CompanyProfile.self, forKey: .companyProfile)
        billingProfile = try container.decodeIfPresent(BillingProfile.self, forKey: .billingProfile)
        relationshipToPartner = try container.decodeIfPresent(CustomerPartnerRelationship.self, forKey: .relationshipToPartner)
        allowDelegatedAccess = try container.decodeLenientBool(forKey: .allowDelegatedAccess)
        customDomains = try container.decodeIfPresent([String].self, forKey: .customDomains)
        associatedPartnerId = try container.decodeIfPresent(String.self, forKey: .associatedPartnerId)
        links = try? container.decodeIfPresent(ResourceLinks.self, forKey: .links)
        attributes = try? container.decodeIfPresent(ResourceAttributes.self, forKey: .attributes)
    }
}

/// The customer's organisation: `domain` is its `*.onmicrosoft.com` name, unique across customers.
public struct CompanyProfile: Codable, Hashable, Sendable {
    public var tenantId: String?
    public var domain: String?
    public var companyName: String?
    public var organizationRegistrationNumber: String?
    public var attributes: ResourceAttributes?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case tenantId, domain, companyName, organizationRegistrationNumber, attributes
    }

    public init(domain: String?, companyName: String? = nil) {
        self.domain = domain
        self.companyName = companyName
    }
}

/// Who pays and where: `defaultAddress.country` selects the market and so the currency.
public struct BillingProfile: Codable, Hashable, Sendable {
    public var id: String?
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    public var culture: String?
    public var language: String?
    public var companyName: String?
    public var defaultAddress: Address?
    public var attributes: ResourceAttributes?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, firstName, lastName, email, culture, language, companyName, defaultAddress, attributes
    }

    public init(email: String?, culture: String?, language: String?, companyName: String?, defaultAddress: Address?) {
        self.email = email
        self.culture = culture
        self.language = language
        self.companyName = companyName
        self.defaultAddress = defaultAddress
    }
}

/// A postal address; `country` is an ISO 3166 two-letter code.
public struct Address: Codable, Hashable, Sendable {
    public var country: String?
    public var region: String?
    public var city: String?
    public var state: String?
    public var addressLine1: String?
    public var addressLine2: String?
    public var postalCode: String?
    public var firstName: String?
    public var lastName: String?
    public var phoneNumber: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case country, region, city, state, addressLine1, addressLine2, postalCode, firstName, lastName, phoneNumber
    }

    public init(country: String?, city: String? = nil, state: String? = nil, addressLine1: String? = nil, postalCode: String? = nil) {
        self.country = country
        self.city = city
        self.state = state
        self.addressLine1 = addressLine1
        self.postalCode = postalCode
    }
}

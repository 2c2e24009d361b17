import CommerceCore
import PartnerCenterModels

/// The columns of a new customer, checked before any transaction starts.
struct CustomerRecord: Sendable {
    var id: String
    var domain: String
    var companyName: String?
    var country: String
    var body: String

    init(_ customer: Customer, market: Market) throws {
        guard let id = customer.id, let domain = customer.companyProfile?.domain else {
            throw StoreError.incomplete("a customer needs an id and a domain before it is stored")
        }
        self.id = id
        self.domain = domain
        self.companyName = customer.companyProfile?.companyName
        self.country = market.country
        self.body = try StoreJSON.encode(customer)
    }
}

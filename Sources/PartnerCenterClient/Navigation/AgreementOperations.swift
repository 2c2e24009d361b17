import Foundation
import NIOHTTP1
import PartnerCenterModels

/// `partner.customers.byID(c).agreements`: the customer's confirmed agreements, and a new confirmation (App+User).
public struct CustomerAgreementOperations: Sendable {
    let customer: CustomerOperations

    var path: String { customer.path + "/agreements" }

    /// The customer's agreements of one type: `MicrosoftCustomerAgreement`, `MicrosoftCloudAgreement` (the service's
    /// default when none is named) or `*` for every type.
    public func get(agreementType: String? = nil) async throws -> ResourceCollection<Agreement> {
        try await customer.client.send(.GET, path + (agreementType.map { "?agreementType=\($0.urlQueryEscaped)" } ?? ""))
    }

    /// Confirms that the customer accepted an agreement; needs a signed-in user. A second confirmation with the same
    /// contact is refused (600061).
    public func create(_ agreement: Agreement, requestID: String? = nil) async throws -> Agreement {
        try await customer.client.send(.POST, path, body: agreement, requestID: requestID)
    }
}

/// `partner.agreementDetails`: the agreements customers can accept.
public struct AgreementDetailsOperations: Sendable {
    let client: PartnerCenterClient

    /// The templates of one type (`*` for all; the service lists only the Cloud Agreement when none is named).
    public func get(agreementType: String? = nil) async throws -> ResourceCollection<AgreementMetaData> {
        try await client.send(.GET, "/agreements" + (agreementType.map { "?agreementType=\($0.urlQueryEscaped)" } ?? ""))
    }
}

extension CustomerOperations {
    /// The customer's agreements: `agreements.get()`, `agreements.create(_:)`.
    public var agreements: CustomerAgreementOperations { CustomerAgreementOperations(customer: self) }
}

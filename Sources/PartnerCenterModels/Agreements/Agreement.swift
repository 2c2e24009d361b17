import Foundation

/// A customer's acceptance of a Microsoft agreement as its partner confirmed it (`/customers/{id}/agreements`).
/// The .NET SDK posts it in PascalCase with explicit nulls; property names are read whatever their case.
public struct Agreement: Codable, Hashable, Sendable {
    /// The signed-in partner user who confirmed it (set by the server from the token).
    public var userId: String?
    public var primaryContact: AgreementContact?
    public var dateAgreed: Date?
    public var templateId: String?
    /// `MicrosoftCustomerAgreement` or `MicrosoftCloudAgreement`.
    public var type: String?
    public var agreementLink: String?
    public var attributes: ResourceAttributes?

    public init(
        userId: String? = nil, primaryContact: AgreementContact?, dateAgreed: Date?, templateId: String?, type: String?, agreementLink: String? = nil
    ) {
        self.userId = userId
        self.primaryContact = primaryContact
        self.dateAgreed = dateAgreed
        self.templateId = templateId
        self.type = type
        self.agreementLink = agreementLink
        self.attributes = ResourceAttributes(objectType: "Agreement")
    }
}

/// The customer's person who accepted the agreement.
public struct AgreementContact: Codable, Hashable, Sendable {
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    public var phoneNumber: String?

    public init(firstName: String?, lastName: String?, email: String?, phoneNumber: String? = nil) {
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.phoneNumber = phoneNumber
    }
}

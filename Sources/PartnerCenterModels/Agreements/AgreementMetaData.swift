/// An agreement a customer can accept (`GET /v1/agreements`): its template and where to read it.
public struct AgreementMetaData: Codable, Hashable, Sendable {
    public var templateId: String
    public var agreementType: String
    public var agreementLink: String
    public var versionRank: Int
    public var attributes: ResourceAttributes?

    public init(templateId: String, agreementType: String, agreementLink: String, versionRank: Int = 0) {
        self.templateId = templateId
        self.agreementType = agreementType
        self.agreementLink = agreementLink
        self.versionRank = versionRank
        self.attributes = ResourceAttributes(objectType: "AgreementMetaData")
    }
}

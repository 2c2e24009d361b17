/// Where an agreement template's text can be read and downloaded in one language and country
/// (`GET /v1/agreementtemplates/{id}/document`); its links are new on each call and short-lived.
public struct AgreementDocument: Codable, Hashable, Sendable {
    public var templateId: String
    public var language: String
    public var country: String
    public var displayUri: String
    public var downloadUri: String
    public var attributes: ResourceAttributes?

    public init(templateId: String, language: String, country: String, displayUri: String, downloadUri: String) {
        self.templateId = templateId
        self.language = language
        self.country = country
        self.displayUri = displayUri
        self.downloadUri = downloadUri
        self.attributes = ResourceAttributes(objectType: "AgreementDocument")
    }
}

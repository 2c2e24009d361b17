import Foundation
import PartnerCenterModels

/// The agreements a customer can accept (billing spec §1), with the template ids and links Partner Center uses.
public enum AgreementTemplates {
    public static let customerAgreementType = "MicrosoftCustomerAgreement"
    public static let cloudAgreementType = "MicrosoftCloudAgreement"

    public static let customerAgreement = AgreementMetaData(
        templateId: "117a77b0-9360-443b-8795-c6dedc750cf9", agreementType: customerAgreementType,
        agreementLink: "https://aka.ms/customeragreement")
    public static let cloudAgreement = AgreementMetaData(
        templateId: "998b88de-aa99-4388-a42c-1b3517d49490", agreementType: cloudAgreementType,
        agreementLink: "https://docs.microsoft.com/partner-center/agreements")

    public static let all = [customerAgreement, cloudAgreement]

    /// The templates an `agreementType` query names: one type (any case), `*` for all, and only the Cloud
    /// Agreement when the query has none, as the service answers; `nil` for a type that does not exist.
    public static func listed(_ agreementType: String?) -> [AgreementMetaData]? {
        guard let agreementType, !agreementType.isEmpty else { return [cloudAgreement] }
        if agreementType == "*" { return all }
        let found = all.filter { $0.agreementType.caseInsensitiveCompare(agreementType) == .orderedSame }
        return found.isEmpty ? nil : found
    }

    /// The template with this id (any case).
    public static func template(_ id: String?) -> AgreementMetaData? {
        guard let id else { return nil }
        return all.first { $0.templateId.caseInsensitiveCompare(id) == .orderedSame }
    }
}

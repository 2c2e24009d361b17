import Foundation
import PartnerCenterModels

/// A partner's confirmation that its customer accepted an agreement (`POST /customers/{id}/agreements`): what is
/// required, what the server fills in, and what makes two confirmations the same one.
public enum AgreementConfirmation {
    /// Longest name, e-mail address or phone number kept.
    public static let maximumFieldLength = 256

    /// The agreement as it is stored: the template decides the type and link, the signed-in user confirms it.
    /// Throws 400 / 3000 naming the property that is missing or wrong.
    public static func make(_ sent: Agreement, userID: String, now: Date) throws(CommerceError) -> Agreement {
        guard let template = AgreementTemplates.template(sent.templateId?.trimmingCharacters(in: .whitespaces)) else {
            throw CommerceError.invalidProperty("templateId", "templateId must name an agreement template listed by GET /v1/agreements.")
        }
        if let type = sent.type, !type.isEmpty, type.caseInsensitiveCompare(template.agreementType) != .orderedSame {
            throw CommerceError.invalidProperty("type", "type must be \(template.agreementType), the type of template \(template.templateId).")
        }
        guard let contact = sent.primaryContact else {
            throw CommerceError.invalidProperty("primaryContact", "primaryContact is required.")
        }
        let first = try field(contact.firstName, "primaryContact.firstName", required: true)
        let last = try field(contact.lastName, "primaryContact.lastName", required: true)
        let email = try field(contact.email, "primaryContact.email", required: true)
        guard isEmailAddress(email) else {
            throw CommerceError.invalidProperty("primaryContact.email", "primaryContact.email must be an e-mail address.")
        }
        let phone = try field(contact.phoneNumber, "primaryContact.phoneNumber", required: false)
        guard let agreed = sent.dateAgreed else {
            throw CommerceError.invalidProperty("dateAgreed", "dateAgreed is required.")
        }
        // A day's grace: the client's clock and time zone are its own.
        guard agreed <= now.addingTimeInterval(86_400) else {
            throw CommerceError.invalidProperty("dateAgreed", "dateAgreed cannot be in the future.")
        }
        let confirmed = AgreementContact(firstName: first, lastName: last, email: email, phoneNumber: phone.isEmpty ? nil : phone)
        return Agreement(
            userId: userID, primaryContact: confirmed,
            dateAgreed: agreed, templateId: template.templateId, type: template.agreementType, agreementLink: template.agreementLink
        )
    }

    /// What makes a confirmation a duplicate (600061): the same template and the same contact, compared without
    /// regard to case or surrounding spaces. A change to any contact field is a new confirmation.
    public static func key(_ agreement: Agreement) -> String {
        let contact = agreement.primaryContact
        let parts = [agreement.templateId, contact?.firstName, contact?.lastName, contact?.email, contact?.phoneNumber]
        return parts.map { ($0 ?? "").trimmingCharacters(in: .whitespaces).lowercased() }.joined(separator: "\u{1F}")
    }

    static func field(_ value: String?, _ path: String, required: Bool) throws(CommerceError) -> String {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if required, trimmed.isEmpty { throw CommerceError.invalidProperty(path, "\(path) is required.") }
        guard trimmed.count <= maximumFieldLength, !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw CommerceError.invalidProperty(path, "\(path) must be at most \(maximumFieldLength) characters, without control characters.")
        }
        return trimmed
    }

    /// One `@`, something before it, and a dotted domain after it without spaces: what the PowerShell module checks.
    static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !text.contains(where: \.isWhitespace) else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }
}

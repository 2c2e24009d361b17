import CommerceCore
import Foundation
import PartnerCenterModels

/// The Microsoft Customer Agreement the customers this server plants already hold (the demo customer, a sandbox
/// partner's), confirmed for their billing contact, so the docs' checkout works on them as it is written.
enum AcceptedAgreement {
    static func make(for customer: Customer, confirmedBy userID: String, at now: Date) -> Agreement {
        let billing = customer.billingProfile
        let template = AgreementTemplates.customerAgreement
        return Agreement(
            userId: userID,
            primaryContact: AgreementContact(firstName: billing?.firstName, lastName: billing?.lastName, email: billing?.email),
            dateAgreed: now, templateId: template.templateId, type: template.agreementType, agreementLink: template.agreementLink
        )
    }
}

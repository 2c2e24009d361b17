import ArgumentParser
import Foundation
import PartnerCenterClient
import PartnerCenterModels

/// `partner-commerce customers agreement list|accept`: the customer's confirmed agreements, and a confirmation
/// that it accepted the Microsoft Customer Agreement (a purchase needs one; accepting needs a signed-in user).
struct AgreementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreement", abstract: "List or confirm a customer's agreements.", subcommands: [List.self, Accept.self]
    )

    /// The Microsoft Customer Agreement's template id (`GET /v1/agreements?agreementType=MicrosoftCustomerAgreement`).
    static let customerAgreementTemplate = "117a77b0-9360-443b-8795-c6dedc750cf9"

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the customer's agreements (PowerShell: Get-PartnerCustomerAgreement).")
        @OptionGroup var client: ClientOptions
        @Option(help: "The customer's tenant id.") var customerID: String
        @Option(help: "MicrosoftCustomerAgreement, MicrosoftCloudAgreement, or * for every type.") var agreementType: String = "*"

        func run() async throws {
            try await ClientSession.run(client) { session in
                let listed = try await session.client.customers.byID(customerID).agreements.get(agreementType: agreementType)
                try Output(format: client.output).show(listed, ids: listed.items.map { $0.templateId ?? "" }) {
                    TextTable.render(
                        ["TYPE", "DATE AGREED", "CONTACT", "EMAIL"],
                        listed.items.map {
                            [
                                $0.type ?? "", $0.dateAgreed.map(WireDate.format) ?? "",
                                [$0.primaryContact?.firstName, $0.primaryContact?.lastName].compactMap { $0 }.joined(separator: " "),
                                $0.primaryContact?.email ?? "",
                            ]
                        })
                }
            }
        }
    }

    struct Accept: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Confirm that the customer accepted the Microsoft Customer Agreement (PowerShell: New-PartnerCustomerAgreement); needs a user's sign-in."
        )
        @OptionGroup var client: ClientOptions
        @Option(help: "The customer's tenant id.") var customerID: String
        @Option(help: "The first name of the customer's person who accepted.") var firstName: String
        @Option(help: "Their last name.") var lastName: String
        @Option(help: "Their e-mail address.") var email: String
        @Option(help: "Their phone number.") var phoneNumber: String?
        @Option(help: "When they accepted (ISO 8601); now by default.") var dateAgreed: String?
        @Option(help: "The agreement template (the Microsoft Customer Agreement by default).") var templateID: String = customerAgreementTemplate
        @Option(help: "The agreement's type; the server checks it against the template's.") var agreementType: String?
        @Option(help: "The MS-RequestId to send: repeating it confirms once.") var requestID: String?

        func run() async throws {
            guard let agreed = dateAgreed.map(WireDate.parse) ?? Date() else {
                throw ValidationError("--date-agreed must be an ISO 8601 date, e.g. 2026-01-31T00:00:00Z.")
            }
            let agreement = Agreement(
                primaryContact: AgreementContact(firstName: firstName, lastName: lastName, email: email, phoneNumber: phoneNumber),
                dateAgreed: agreed, templateId: templateID, type: agreementType)
            try await ClientSession.run(client) { session in
                let made = try await session.client.customers.byID(customerID).agreements.create(agreement, requestID: requestID)
                try Output(format: client.output).show(made, ids: [made.templateId ?? ""]) {
                    TextTable.fields([
                        ("Type", made.type), ("Date agreed", made.dateAgreed.map(WireDate.format)), ("Confirmed by", made.userId),
                        ("Link", made.agreementLink),
                    ])
                }
            }
        }
    }
}

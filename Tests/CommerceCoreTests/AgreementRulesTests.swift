import CommerceCore
import Foundation
import PartnerCenterModels
import Testing

/// The agreement rules on their own: what a confirmation must hold, what makes two the same, and the gate.
@Suite struct AgreementRulesTests {
    static let now = Date(timeIntervalSince1970: 1_900_000_000)
    static let contact = AgreementContact(firstName: " Tania ", lastName: "Carr", email: "someone@example.com", phoneNumber: "")

    static func sent(templateId: String? = AgreementTemplates.customerAgreement.templateId, type: String? = nil, contact: AgreementContact? = contact)
        -> Agreement
    {
        Agreement(primaryContact: contact, dateAgreed: now.addingTimeInterval(-86_400), templateId: templateId, type: type)
    }

    @Test func theTemplateDecidesTypeAndLinkAndTheUserConfirms() throws {
        let made = try AgreementConfirmation.make(Self.sent(templateId: "117A77B0-9360-443B-8795-C6DEDC750CF9"), userID: "user-1", now: Self.now)
        #expect(made.templateId == "117a77b0-9360-443b-8795-c6dedc750cf9")
        #expect(made.type == "MicrosoftCustomerAgreement")
        #expect(made.agreementLink == "https://aka.ms/customeragreement")
        #expect(made.userId == "user-1")
        #expect(made.primaryContact?.firstName == "Tania", "trimmed")
        #expect(made.primaryContact?.phoneNumber == nil, "an empty phone number is none")
    }

    @Test(arguments: [
        (sent(templateId: "nope"), "templateId"), (sent(type: "MicrosoftCloudAgreement"), "type"), (sent(contact: nil), "primaryContact"),
        (sent(contact: AgreementContact(firstName: "A", lastName: nil, email: "a@b.example")), "primaryContact.lastName"),
        (sent(contact: AgreementContact(firstName: "A", lastName: "B", email: "a@b")), "primaryContact.email"),
        (sent(contact: AgreementContact(firstName: "A", lastName: "B", email: "a b@c.example")), "primaryContact.email"),
        (sent(contact: AgreementContact(firstName: "A\u{7}", lastName: "B", email: "a@c.example")), "primaryContact.firstName"),
        (
            sent(contact: AgreementContact(firstName: String(repeating: "x", count: 257), lastName: "B", email: "a@c.example")),
            "primaryContact.firstName"
        ),
    ])
    func aWrongConfirmationNamesItsProperty(_ sent: Agreement, _ property: String) {
        do {
            _ = try AgreementConfirmation.make(sent, userID: "u", now: Self.now)
            Issue.record("accepted: \(sent)")
        } catch {
            #expect(error.code == 3000)
            #expect(error.data == [property])
        }
    }

    @Test func aDateInTheFutureIsRefusedButADayOfClockSkewIsNot() throws {
        var sent = Self.sent()
        sent.dateAgreed = Self.now.addingTimeInterval(3_600)
        _ = try AgreementConfirmation.make(sent, userID: "u", now: Self.now)
        sent.dateAgreed = Self.now.addingTimeInterval(2 * 86_400)
        #expect(throws: CommerceError.self) { try AgreementConfirmation.make(sent, userID: "u", now: Self.now) }
        sent.dateAgreed = nil
        #expect(throws: CommerceError.self) { try AgreementConfirmation.make(sent, userID: "u", now: Self.now) }
    }

    @Test func theSameContactIsTheSameConfirmationWhateverItsCase() throws {
        let one = try AgreementConfirmation.make(Self.sent(), userID: "u", now: Self.now)
        var shouted = Self.contact
        shouted.email = "SOMEONE@EXAMPLE.COM"
        let two = try AgreementConfirmation.make(Self.sent(contact: shouted), userID: "other", now: Self.now)
        #expect(AgreementConfirmation.key(one) == AgreementConfirmation.key(two))
        var moved = Self.contact
        moved.phoneNumber = "555"
        let three = try AgreementConfirmation.make(Self.sent(contact: moved), userID: "u", now: Self.now)
        #expect(AgreementConfirmation.key(one) != AgreementConfirmation.key(three))
    }

    @Test func theGateStopsOnlyAnUnagreedCustomerOfAPartnerThatKeepsIt() throws {
        try PurchaseGate(customerAgreed: true).requireAgreement()
        try PurchaseGate(customerAgreed: false, enforced: false).requireAgreement()
        #expect(throws: CommerceError.self) { try PurchaseGate(customerAgreed: false).requireAgreement() }
        do {
            try PurchaseGate(customerAgreed: false).requireAgreement()
        } catch {
            #expect(error.code == 13605)
            #expect(error.kind == .forbidden)
        }
    }

    @Test func theListingFollowsTheService() {
        #expect(AgreementTemplates.listed(nil)?.map(\.agreementType) == ["MicrosoftCloudAgreement"])
        #expect(AgreementTemplates.listed("*")?.count == 2)
        #expect(AgreementTemplates.listed("microsoftcustomeragreement")?.map(\.agreementType) == ["MicrosoftCustomerAgreement"])
        #expect(AgreementTemplates.listed("Other") == nil)
    }
}

import CommerceCore
import CommerceStore
import Foundation
import Hummingbird
import PartnerCenterModels

/// Customer agreements (billing spec §1): the templates, a customer's confirmations, a template's document links
/// and whether the customer signed directly. Confirming needs a signed-in user, as on Partner Center.
struct AgreementsController {
    let store: Store
    let clock: any CommerceClock
    let ids: any IDGenerator
    let maxBodyBytes: Int

    /// How long a document link is good for (the docs say five minutes).
    static let documentLinkLifetime: TimeInterval = 300

    func addRoutes(to group: RouterGroup<PartnerRequestContext>) {
        group.get("agreements", use: templates)
        group.get("customers/:customerID/agreements", use: list)
        group.post("customers/:customerID/agreements", use: confirm)
        group.get("agreementtemplates/:templateID/document", use: document)
        group.get("customers/:customerID/directSignedMicrosoftCustomerAgreementStatus", use: directSigned)
    }

    @Sendable func templates(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        _ = try context.caller()
        return try JSONResponse.make(ResourceCollection(items: try Self.listed(request)))
    }

    @Sendable func list(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let scope = try await CustomerScope.resolve(context, store: store)
        let types = Set(try Self.listed(request).map(\.agreementType))
        let agreements = try await store.agreements(customerID: scope.customerID, partnerID: scope.caller.partnerTenantID, type: nil)
        return try JSONResponse.make(ResourceCollection(items: agreements.filter { types.contains($0.type ?? "") }))
    }

    @Sendable func confirm(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let scope = try await CustomerScope.resolve(context, store: store)
        try scope.caller.requireUser()
        try PartnerRole.requirePurchasing(scope.caller.userRoles)
        let sent = try await RequestBody.decode(Agreement.self, from: request, limit: maxBodyBytes)
        let now = clock.now()
        let agreement = try AgreementConfirmation.make(sent, userID: scope.caller.objectID, now: now)
        let stored = try await store.addAgreement(
            agreement, customerID: scope.customerID, partnerID: scope.caller.partnerTenantID, at: now,
            answering: context.answering { made in try StoredResponse.json(made, status: .created) }
        )
        return try context.answer(stored)
    }

    @Sendable func document(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        _ = try context.caller()
        let id = context.parameters.get("templateID") ?? ""
        guard let template = AgreementTemplates.template(id) else {
            throw HTTPFault(.notFound, "There is no agreement template \(id).")
        }
        let language = request.query("language") ?? "en-US"
        let country = request.query("country") ?? "US"
        guard Self.isLanguage(language) else {
            throw HTTPFault(.invalidInput, "language must be a language tag such as en-US.", data: ["language"])
        }
        guard country.count == 2, country.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw HTTPFault(.invalidInput, "country must be a two-letter country code such as US.", data: ["country"])
        }
        // A new link each call, good for five minutes: the expiry and a token nobody can guess ride in the query.
        let expiry = WireDate.format(clock.now().addingTimeInterval(Self.documentLinkLifetime))
        let query = "?language=" + language + "&country=" + country.uppercased() + "&se=" + expiry + "&sig=" + ids.guid()
        return try JSONResponse.make(
            AgreementDocument(
                templateId: template.templateId, language: language, country: country.uppercased(),
                displayUri: template.agreementLink + query, downloadUri: template.agreementLink + query + "&download=true"
            ))
    }

    @Sendable func directSigned(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        _ = try await CustomerScope.resolve(context, store: store)
        // Only a customer signs in the admin center, and no customer signs in here: a partner's confirmation is the way.
        return try JSONResponse.make(DirectSignedAgreementStatus(isSigned: false))
    }

    /// The templates the `agreementType` query names; 400 for a type that does not exist.
    static func listed(_ request: Request) throws -> [AgreementMetaData] {
        let asked = request.query("agreementType")
        guard let listed = AgreementTemplates.listed(asked) else {
            throw HTTPFault(
                .unparsableEnum, "agreementType must be MicrosoftCustomerAgreement, MicrosoftCloudAgreement or *.", data: ["agreementType"])
        }
        return listed
    }

    /// `en`, `en-US`, `zh-Hant-TW`: letters and digits in parts of 2 to 8, at most 35 characters.
    static func isLanguage(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return text.count <= 35 && parts.allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
            && parts[0].count >= 2
    }
}

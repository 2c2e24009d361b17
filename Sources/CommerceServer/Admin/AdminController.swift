import CommerceCore
import CommerceStore
import Foundation
import HTTPTypes
import Hummingbird
import PartnerCenterModels

/// `/_admin`: partners, their apps and users, the signing keys, the clock and the request journal, behind the admin key.
struct AdminController {
    let store: Store
    let directory: PartnerDirectory
    let tokens: TokenService
    let clock: any CommerceClock
    let maxBodyBytes: Int
    let journal: RequestJournal?
    let faults: FaultRegistry
    let fulfilment: FulfilmentControl
    let ids: any IDGenerator
    /// Runs what a clock move made due before `/_admin/clock` answers.
    let settler: ClockSettler?
    let billing: BillingCloser
    /// Honour the `PartnerCommerce-Fault` header here too (crash-safety tests only).
    var faultPoints = false

    func addRoutes(to router: Router<PartnerRequestContext>) {
        let admin = router.group("_admin").add(middleware: AdminAuthenticationMiddleware(store: store))
            // After the key check: the answers an MS-RequestId keeps are sealed under the key presented.
            .add(middleware: IdempotencyMiddleware(store: store, clock: clock, maxBodyBytes: maxBodyBytes, scope: .admin))
        if faultPoints { admin.add(middleware: FaultPointMiddleware()) }
        ClockController(store: store, clock: clock, maxBodyBytes: maxBodyBytes, settler: settler).addRoutes(to: admin)
        JournalController(journal: journal).addRoutes(to: admin)
        BillingCloseController(store: store, billing: billing, maxBodyBytes: maxBodyBytes).addRoutes(to: admin)
        FaultsController(registry: faults, clock: clock, ids: ids, maxBodyBytes: maxBodyBytes).addRoutes(to: admin)
        FulfilmentController(control: fulfilment, ids: ids, maxBodyBytes: maxBodyBytes).addRoutes(to: admin)
        StateController(
            store: store, clock: clock, ids: ids, faults: faults, fulfilmentRules: fulfilment.rules, journal: journal,
            maxBodyBytes: maxBodyBytes
        )
        .addRoutes(to: admin)
        admin.get("partners", use: listPartners)
        admin.post("partners", use: createPartner)
        admin.get("partners/:tenant", use: getPartner)
        admin.patch("partners/:tenant", use: changePartner)
        admin.get("partners/:tenant/applications", use: listApplications)
        admin.post("partners/:tenant/applications", use: createApplication)
        admin.delete("partners/:tenant/applications/:client", use: deleteApplication)
        admin.get("partners/:tenant/users", use: listUsers)
        admin.post("partners/:tenant/users", use: createUser)
        admin.patch("partners/:tenant/users/:user", use: enableUser)
        admin.get("fulfilment", use: listFulfilmentJobs)
        admin.get("signing-keys", use: listSigningKeys)
        admin.post("signing-keys/rotate", use: rotateSigningKey)
    }

    @Sendable func listPartners(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        try JSONResponse.make(AdminResources.Collection(try await store.partners().map(AdminResources.Partner.init)))
    }

    @Sendable func createPartner(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let body = try await RequestBody.decode(AdminResources.NewPartner.self, from: request, limit: maxBodyBytes)
        let sandbox = body.sandbox ?? false
        let partner = try directory.newPartner(tenantID: body.tenantId, name: body.name ?? (sandbox ? "Sandbox partner" : ""), mpnID: body.mpnId)
        guard sandbox else {
            let answer = try StoredResponse.json(AdminResources.Partner(partner), status: .created)
            return try context.answer(try await store.addPartner(partner, at: clock.now(), answering: context.answering { _ in answer }))
        }
        let (app, secret, user, password) = try await SandboxPartner.records(for: partner, directory: directory)
        let made = SandboxPartner(
            tenantId: partner.tenantID, name: partner.name, application: .init(clientId: app.clientID, clientSecret: secret),
            user: .init(id: user.objectID, userPrincipalName: user.userPrincipalName, password: password),
            customerId: SandboxPartner.customerID(for: partner.tenantID),
            tokenEndpoint: "/" + partner.tenantID + "/oauth2/v2.0/token"
        )
        // The partner's row carries the answer (sealed, for a retry with the same MS-RequestId); the rest follows it.
        // A retry that finds the partner already has an app answers what was kept and makes nothing more.
        let answer = try StoredResponse.json(made, status: .created)
        let stored = try await store.addPartner(partner, at: clock.now(), answering: context.answering { _ in answer })
        if stored.status == 201, try await store.applications(partnerID: partner.tenantID).isEmpty {
            _ = try await store.addApplication(app, answering: Answering(nil) { _ in answer })
            _ = try await store.addUser(user, answering: Answering(nil) { _ in answer })
            try await SandboxPartner.register(partner.tenantID, in: store, clock: clock)
        }
        return try context.answer(stored)
    }

    @Sendable func getPartner(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        try JSONResponse.make(AdminResources.Partner(try await partner(context)))
    }

    /// `PATCH /_admin/partners/{tenant}` with `{"disabled": true|false}`.
    @Sendable func changePartner(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let body = try await RequestBody.decode(AdminResources.PartnerChange.self, from: request, limit: maxBodyBytes)
        guard body.disabled != nil || body.agreementGate != nil else {
            throw HTTPFault(.invalidInput, "Send disabled, agreementGate or both.", data: ["disabled", "agreementGate"])
        }
        let tenant = try await partner(context).tenantID
        let answering: Answering<PartnerRecord?> = context.answering { updated in
            try StoredResponse.json(AdminResources.Partner(try Self.found(updated, "partner \(tenant)")), status: .ok)
        }
        return try context.answer(
            try await store.changePartner(
                tenantID: tenant, disabled: body.disabled, agreementGate: body.agreementGate, at: clock.now(), answering: answering))
    }

    @Sendable func listApplications(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let apps = try await store.applications(partnerID: try await partner(context).tenantID)
        return try JSONResponse.make(AdminResources.Collection(apps.map { AdminResources.Application($0) }))
    }

    @Sendable func createApplication(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let body = try await RequestBody.decode(AdminResources.NewApplication.self, from: request, limit: maxBodyBytes)
        let (app, secret) = try directory.newApplication(partnerID: try await partner(context).tenantID, displayName: body.displayName)
        // The secret is in this answer only; kept for a retry, it is sealed (`AnswerSeal`).
        let answer = try StoredResponse.json(AdminResources.Application(app, secret: secret), status: .created)
        return try context.answer(try await store.addApplication(app, answering: context.answering { _ in answer }))
    }

    @Sendable func deleteApplication(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let tenant = try await partner(context).tenantID
        let client = context.parameters.get("client") ?? ""
        let answering: Answering<Bool> = context.answering { deleted in
            guard deleted else { throw HTTPFault(.notFound, "Partner \(tenant) has no application \(client).") }
            return StoredResponse(status: 204, headers: [], body: "")
        }
        return try context.answer(try await store.deleteApplication(clientID: client, partnerID: tenant, at: clock.now(), answering: answering))
    }

    @Sendable func listUsers(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let users = try await store.users(partnerID: try await partner(context).tenantID)
        return try JSONResponse.make(AdminResources.Collection(users.map { AdminResources.User($0) }))
    }

    @Sendable func createUser(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let body = try await RequestBody.decode(AdminResources.NewUser.self, from: request, limit: maxBodyBytes)
        let (user, password) = try await directory.newUser(
            partnerID: try await partner(context).tenantID, userPrincipalName: body.userPrincipalName, displayName: body.displayName,
            password: body.password, roles: body.roles ?? []
        )
        // A password the server made is shown once, in this answer; one the caller chose is not echoed.
        let answer = try StoredResponse.json(AdminResources.User(user, password: body.password == nil ? password : nil), status: .created)
        return try context.answer(try await store.addUser(user, answering: context.answering { _ in answer }))
    }

    /// `PATCH /_admin/partners/{tenant}/users/{user}` with `{"disabled": true|false}`.
    @Sendable func enableUser(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let body = try await RequestBody.decode(AdminResources.Enablement.self, from: request, limit: maxBodyBytes)
        let tenant = try await partner(context).tenantID
        let id = context.parameters.get("user") ?? ""
        let answering: Answering<PartnerUserRecord?> = context.answering { updated in
            try StoredResponse.json(AdminResources.User(try Self.found(updated, "user \(id) of partner \(tenant)")), status: .ok)
        }
        return try context.answer(
            try await store.setUserDisabled(objectID: id, partnerID: tenant, body.disabled, at: clock.now(), answering: answering))
    }

    @Sendable func listFulfilmentJobs(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        // The most recent 500: enough to find a stuck or failed order, bounded like every list.
        let state = request.uri.queryParameters.get("state")
        guard state == nil || FulfilmentJobStatus.states.contains(state ?? "") else {
            throw HTTPFault(.invalidProperty, "state must be one of pending, running, done, failed.", data: ["state"])
        }
        let jobs = try await store.fulfilmentJobs(state: state, limit: 500)
        return try JSONResponse.make(AdminResources.Collection(jobs.map(AdminResources.FulfilmentJob.init)))
    }

    @Sendable func listSigningKeys(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        try JSONResponse.make(AdminResources.Collection(try await signingKeys()))
    }

    @Sendable func rotateSigningKey(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let answering: Answering<SigningKeyRecord> = context.answering { key in
            try StoredResponse.json(
                AdminResources.SigningKey(kid: key.kid, createdAt: key.createdAt, retiredAt: nil, current: true), status: .created)
        }
        return try context.answer(try await tokens.rotate(answering: answering))
    }

    private func partner(_ context: PartnerRequestContext) async throws -> PartnerRecord {
        let tenant = context.parameters.get("tenant") ?? ""
        return try Self.found(try await store.partner(tenantID: tenant), "partner \(tenant)")
    }

    private func signingKeys() async throws -> [AdminResources.SigningKey] {
        let current = tokens.currentKid
        return try await store.signingKeys().map {
            AdminResources.SigningKey(kid: $0.kid, createdAt: $0.createdAt, retiredAt: $0.retiredAt, current: $0.kid == current)
        }
    }

    private static func found<T>(_ value: T?, _ what: String) throws -> T {
        guard let value else { throw HTTPFault(.notFound, "There is no \(what).") }
        return value
    }
}

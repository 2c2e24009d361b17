import CommerceCore
import CommerceStore
import Foundation

/// Creates partners, app registrations and users: the one place that mints their ids and secrets, used by
/// both the `/_admin` API and the CLI. Secrets are returned once, to the caller, and stored only hashed.
public struct PartnerDirectory: Sendable {
    let store: Store
    let clock: any CommerceClock
    let ids: any IDGenerator

    public init(store: Store, clock: any CommerceClock = SystemClock(), ids: any IDGenerator = RandomIDGenerator()) {
        self.store = store
        self.clock = clock
        self.ids = ids
    }

    /// Adds a partner; a tenant id is made when none is given. Fails with 409 when the tenant id is taken.
    public func createPartner(tenantID: String?, name: String, mpnID: String?) async throws -> PartnerRecord {
        let partner = try newPartner(tenantID: tenantID, name: name, mpnID: mpnID)
        guard try await store.addPartnerIfMissing(partner, at: clock.now()) else {
            throw CommerceError(.propertyInUse, "A partner with tenant id \(partner.tenantID) already exists.", data: ["tenantId"])
        }
        return partner
    }

    /// Registers an app for a partner and returns it with its client secret, which is not kept anywhere.
    public func createApplication(partnerID: String, displayName: String?) async throws -> (ApplicationRecord, secret: String) {
        let (app, secret) = try newApplication(partnerID: partnerID, displayName: displayName)
        try await store.addApplication(app)
        return (app, secret)
    }

    /// Adds a user to a partner. Without `password` one is made and returned; either way only its hash is kept.
    public func createUser(
        partnerID: String, userPrincipalName: String, displayName: String?, password: String?, roles: [String]
    ) async throws -> (PartnerUserRecord, password: String) {
        let (user, chosen) = try await newUser(
            partnerID: partnerID, userPrincipalName: userPrincipalName, displayName: displayName, password: password, roles: roles
        )
        try await store.addUser(user)
        return (user, chosen)
    }

    /// A partner checked and ready to store (the admin API stores it with its answer).
    func newPartner(tenantID: String?, name: String, mpnID: String?) throws -> PartnerRecord {
        let tenant = try tenantID.map { try IdentityRules.guid($0, field: "tenantId") } ?? ids.guid()
        return PartnerRecord(tenantID: tenant, name: try IdentityRules.partnerName(name), mpnID: mpnID)
    }

    /// An app with fresh ids and secret, ready to store, and the secret.
    func newApplication(partnerID: String, displayName: String?) throws -> (ApplicationRecord, secret: String) {
        let secret = SecretHash.newSecret()
        let app = ApplicationRecord(
            clientID: ids.guid(), partnerID: try IdentityRules.guid(partnerID, field: "partner"), objectID: ids.guid(),
            displayName: displayName?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty ?? "Partner Center app",
            secretHash: SecretHash.ofRandomSecret(secret), createdAt: clock.now()
        )
        return (app, secret)
    }

    /// A user checked and ready to store, with its password hashed, and the password.
    func newUser(
        partnerID: String, userPrincipalName: String, displayName: String?, password: String?, roles: [String]
    ) async throws -> (PartnerUserRecord, password: String) {
        let upn = try IdentityRules.userPrincipalName(userPrincipalName)
        let parsedRoles = try IdentityRules.roles(roles)
        let chosen = password ?? SecretHash.newSecret(bytes: 18)
        try IdentityRules.password(chosen)
        let user = PartnerUserRecord(
            objectID: ids.guid(), partnerID: try IdentityRules.guid(partnerID, field: "partner"), userPrincipalName: upn,
            displayName: displayName?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty ?? String(upn.prefix { $0 != "@" }),
            passwordHash: try await SecretHash.ofPassword(chosen), roles: parsedRoles.map(\.rawValue), createdAt: clock.now()
        )
        return (user, chosen)
    }
}

extension String {
    /// nil for an empty string, so `?? default` reads naturally.
    var nonEmpty: String? { isEmpty ? nil : self }
}

import CommerceCore
import CommerceStore
import Foundation
import JWTKit

/// Mints and verifies access tokens with the signing keys kept in the store, so every node and the CLI
/// agree on them (issue: tokens signed by a key the server creates on first start).
public final class TokenService: Sendable {
    /// The audience every Partner Center token carries.
    public static let audience = "https://api.partnercenter.microsoft.com"
    /// Clock skew tolerated on `nbf`, as Entra ID clients expect.
    static let skew: TimeInterval = 300

    private let keys: JWTKeyCollection
    private let signingKid: String
    private let store: Store
    private let clock: any CommerceClock

    private init(keys: JWTKeyCollection, signingKid: String, store: Store, clock: any CommerceClock) {
        self.keys = keys
        self.signingKid = signingKid
        self.store = store
        self.clock = clock
    }

    /// Loads the store's signing keys, creating the first one on a new store.
    public static func load(store: Store, clock: any CommerceClock) async throws -> TokenService {
        let records = try await store.signingKeys {
            let key = ES256PrivateKey()
            let kid = (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
            return SigningKeyRecord(kid: kid, algorithm: "ES256", privatePEM: key.pemRepresentation, createdAt: clock.now())
        }
        let keys = JWTKeyCollection()
        for record in records where record.algorithm == "ES256" {
            await keys.add(ecdsa: try ES256PrivateKey(pem: record.privatePEM), kid: JWKIdentifier(string: record.kid))
        }
        guard let newest = records.last(where: { $0.algorithm == "ES256" }) else {
            throw CommerceError(.internalFailure, code: 800003, "The store holds no usable token signing key.")
        }
        return TokenService(keys: keys, signingKid: newest.kid, store: store, clock: clock)
    }

    /// Mints an access token for a partner. Without `userPrincipalName` it is App-only.
    public func mint(
        partnerTenantID: String, applicationID: String, objectID: String, userPrincipalName: String? = nil, lifetime: TimeInterval = 3600
    ) async throws -> String {
        let now = clock.now()
        let tenant = partnerTenantID.lowercased()
        let claims = AccessTokenClaims(
            aud: AudienceClaim(value: Self.audience),
            iss: IssuerClaim(value: "https://sts.windows.net/\(tenant)/"),
            iat: IssuedAtClaim(value: now),
            nbf: NotBeforeClaim(value: now),
            exp: ExpirationClaim(value: now.addingTimeInterval(lifetime)),
            tid: tenant,
            oid: objectID.lowercased(),
            appid: applicationID.lowercased(),
            upn: userPrincipalName,
            scp: userPrincipalName == nil ? nil : "user_impersonation",
            idtyp: userPrincipalName == nil ? "app" : "user",
            ver: "1.0"
        )
        return try await keys.sign(claims, kid: JWKIdentifier(string: signingKid))
    }

    /// Checks a bearer token and says who is calling, or throws 401 with the reason.
    public func verify(_ token: String) async throws -> CallerIdentity {
        guard token.count <= 8192 else { throw HTTPFault.unauthorized("The access token is too long.") }
        let claims: AccessTokenClaims
        do {
            claims = try await keys.verify(token, as: AccessTokenClaims.self)
        } catch {
            throw HTTPFault.unauthorized("The access token is malformed or its signature is not valid.")
        }
        let now = clock.now()
        guard claims.exp.value > now else { throw HTTPFault.unauthorized("The access token has expired.") }
        if let nbf = claims.nbf, nbf.value > now.addingTimeInterval(Self.skew) {
            throw HTTPFault.unauthorized("The access token is not valid yet.")
        }
        guard claims.aud.value.contains(Self.audience) || claims.aud.value.contains(HTTPFault.partnerCenterAppID) else {
            throw HTTPFault.unauthorized("The access token is not for audience \(Self.audience).")
        }
        let tenant = claims.tid.lowercased()
        let issuers = ["https://sts.windows.net/\(tenant)/", "https://login.microsoftonline.com/\(tenant)/v2.0"]
        guard issuers.contains(claims.iss.value.lowercased()) else {
            throw HTTPFault.unauthorized("The access token was not issued for tenant \(tenant).")
        }
        guard let objectID = claims.oid ?? claims.appid else {
            throw HTTPFault.unauthorized("The access token names neither a user (oid) nor an application (appid).")
        }
        guard try await store.partner(tenantID: tenant) != nil else {
            throw HTTPFault.unauthorized("The tenant \(tenant) is not a partner of this server.")
        }
        return CallerIdentity(partnerTenantID: tenant, objectID: objectID, applicationID: claims.appid, userPrincipalName: claims.upn)
    }
}

import CommerceCore
import CommerceStore
import Foundation
import JWTKit
import Synchronization

/// Mints and verifies access tokens with the signing keys kept in the store, so every node and the CLI
/// agree on them. Keys rotate: a new key signs from then on, and retired keys keep verifying the tokens
/// they signed until those have expired (`maxLifetime`).
public final class TokenService: Sendable {
    /// The audience every Partner Center token carries.
    public static let audience = "https://api.partnercenter.microsoft.com"
    /// Clock skew tolerated on `nbf`, as Entra ID clients expect.
    static let skew: TimeInterval = 300
    /// The longest lifetime a token may be minted with, and so how long a retired key keeps verifying.
    public static let maxLifetime: TimeInterval = 86_400
    /// How often, at most, an unknown `kid` makes a node reload keys (another node may have rotated).
    static let reloadInterval: TimeInterval = 5

    /// The ring, and the number of the reload that built it (0: the first load).
    private let ring: Mutex<(keys: SigningKeyRing, reload: Int)>
    /// Counts reloads as they start: a reload that started later read at least what an earlier one read.
    private let reloadsStarted = Atomic<Int>(0)
    /// Changes whenever the ring is reloaded, so a cached verification is redone with the keys held now.
    private let ringGeneration = Atomic<Int>(0)
    private let verified = VerifiedTokens()
    private let store: Store
    private let clock: any CommerceClock

    private init(ring: SigningKeyRing, store: Store, clock: any CommerceClock) {
        self.ring = Mutex((ring, 0))
        self.store = store
        self.clock = clock
    }

    /// Loads the store's signing keys, creating the first one on a new store.
    public static func load(store: Store, clock: any CommerceClock) async throws -> TokenService {
        let records = try await store.signingKeys { newKeyRecord(at: clock.now()) }
        let ring = try await SigningKeyRing.make(from: records, now: clock.now(), retiredKeyLifetime: maxLifetime)
        return TokenService(ring: ring, store: store, clock: clock)
    }

    /// Re-reads the keys from the store: picks up another node's rotation and forgets keys past their time.
    ///
    /// Reloads overlap (maintenance every few seconds, a rotation, an unknown `kid`), and one that read the keys
    /// before a rotation committed can finish after the rotation's own reload. Only a reload that started later
    /// than the one the ring came from replaces it, so a slow, stale read never puts back the keys of before.
    public func reload() async throws {
        let number = reloadsStarted.add(1, ordering: .acquiringAndReleasing).newValue
        let fresh = try await SigningKeyRing.make(from: try await store.signingKeys(), now: clock.now(), retiredKeyLifetime: Self.maxLifetime)
        let replaced = ring.withLock { held in
            guard number > held.reload else { return false }
            held = (fresh, number)
            return true
        }
        if replaced { ringGeneration.add(1, ordering: .releasing) }
    }

    /// Makes a new signing key; tokens signed by the old ones stay valid until they expire. Returns the new `kid`.
    @discardableResult
    public func rotate() async throws -> String {
        let record = Self.newKeyRecord(at: clock.now())
        try await store.rotateSigningKey(to: record)
        try await reload()
        return record.kid
    }

    /// Rotates as `rotate()` does, keeping the request's answer with the new key (see `Answering`).
    func rotate(answering: Answering<SigningKeyRecord>) async throws -> StoredResponse {
        let answer = try await store.rotateSigningKey(to: Self.newKeyRecord(at: clock.now()), answering: answering)
        try await reload()
        return answer
    }

    /// The `kid` new tokens are signed with.
    public var currentKid: String { ring.withLock { $0.keys.signingKid } }

    /// The public keys that verify tokens now, as a JWKS document's `keys`.
    public func publicJWKs() -> [PublicJWK] {
        ring.withLock { $0.keys.publicKeys }.compactMap { kid, key in
            key.parameters.map { PublicJWK(kid: kid, x: $0.x, y: $0.y) }
        }
    }

    /// Mints an access token for a partner. Without `userPrincipalName` it is App-only.
    public func mint(
        partnerTenantID: String, applicationID: String, objectID: String, userPrincipalName: String? = nil, lifetime: TimeInterval = 3600
    ) async throws -> String {
        // Whole seconds, as Entra writes iat/nbf/exp (some clients parse them as integers).
        let now = Date(timeIntervalSince1970: clock.now().timeIntervalSince1970.rounded(.down))
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
        return try await sign(claims)
    }

    /// Signs any claims with the current key (ID tokens use this too).
    func sign(_ claims: some JWTPayload) async throws -> String {
        let (keys, kid) = ring.withLock { ($0.keys.keys, $0.keys.signingKid) }
        return try await keys.sign(claims, kid: JWKIdentifier(string: kid))
    }

    /// Checks a bearer token and says who is calling, or throws 401 with the reason. A token seen before is
    /// answered from `VerifiedTokens` under the conditions it states.
    public func verify(_ token: String) async throws -> CallerIdentity {
        guard token.count <= 8192 else { throw HTTPFault.unauthorized("The access token is too long.") }
        let now = clock.now()
        let instant = ContinuousClock.now
        // Read both generations before anything is looked up, so what is kept can only be older than them.
        let keyGeneration = ringGeneration.load(ordering: .acquiring)
        let identityGeneration = store.identityChanges.generation
        switch verified.lookup(token, now: now, instant: instant, keyGeneration: keyGeneration, identityGeneration: identityGeneration) {
        case .fresh(let identity):
            return identity
        case .recheckSubjects(var entry):
            do {
                entry.identity = try await caller(entry.subjects)
            } catch {
                verified.forget(token)
                throw error
            }
            entry.identityGeneration = identityGeneration
            entry.subjectsReadAt = instant
            verified.keep(token, entry)
            return entry.identity
        case .miss:
            break
        }
        let claims = try await verifiedClaims(token)
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
        guard let appID = claims.appid?.lowercased(), let objectID = claims.oid?.lowercased() else {
            throw HTTPFault.unauthorized("The access token names no application (appid) or no object (oid).")
        }
        let subjects = TokenSubjectIDs(tenant: tenant, appID: appID, objectID: objectID, isUser: claims.upn != nil || claims.scp != nil)
        let identity = try await caller(subjects)
        verified.keep(
            token,
            VerifiedTokens.Entry(
                identity: identity, subjects: subjects, validFrom: claims.nbf.map { $0.value.addingTimeInterval(-Self.skew) } ?? .distantPast,
                validUntil: claims.exp.value,
                keyGeneration: keyGeneration, identityGeneration: identityGeneration, subjectsReadAt: instant
            )
        )
        return identity
    }

    /// Checks the signature. Only when that fails for a `kid` this node does not hold (another node may have
    /// rotated) are the keys reloaded, at most every `reloadInterval`, and the check tried once more.
    private func verifiedClaims(_ token: String) async throws -> AccessTokenClaims {
        let current = ring.withLock { $0.keys }
        do {
            return try await current.keys.verify(token, as: AccessTokenClaims.self)
        } catch {
            let refused = HTTPFault.unauthorized("The access token is malformed or its signature is not valid.")
            guard let kid = Self.kid(of: token), !current.knows(kid: kid),
                clock.now().timeIntervalSince(current.loadedAt) >= Self.reloadInterval
            else { throw refused }
            try? await reload()
            do {
                return try await ring.withLock { $0.keys.keys }.verify(token, as: AccessTokenClaims.self)
            } catch {
                throw refused
            }
        }
    }

    /// Who a valid token speaks for, refusing a disabled partner, a deleted or foreign app and a disabled user.
    private func caller(_ ids: TokenSubjectIDs) async throws -> CallerIdentity {
        let (tenant, appID, objectID, isUser) = (ids.tenant, ids.appID, ids.objectID, ids.isUser)
        let subjects = try await store.tokenSubjects(partnerID: tenant, clientID: appID, userID: isUser ? objectID : nil)
        guard let partner = subjects.partner else {
            throw HTTPFault.unauthorized("The tenant \(tenant) is not a partner of this server.")
        }
        guard !partner.isDisabled else { throw HTTPFault.unauthorized("The partner tenant \(tenant) is disabled.") }
        guard let app = subjects.application, app.partnerID == tenant, app.deletedAt == nil else {
            throw HTTPFault.unauthorized("The application \(appID) is not registered with tenant \(tenant), or was deleted.")
        }
        guard isUser else {
            return CallerIdentity(partnerTenantID: tenant, objectID: app.clientID, applicationID: app.clientID, userPrincipalName: nil)
        }
        guard let user = subjects.user, user.partnerID == tenant, user.disabledAt == nil else {
            throw HTTPFault.unauthorized("The user \(objectID) does not exist in tenant \(tenant), or is disabled.")
        }
        return CallerIdentity(
            partnerTenantID: tenant, objectID: user.objectID, applicationID: app.clientID, userPrincipalName: user.userPrincipalName,
            roles: Set(user.roles.compactMap(PartnerRole.init(lenient:)))
        )
    }

    /// The `kid` of a compact JWS header, without trusting anything else in it.
    static func kid(of token: String) -> String? {
        guard let header = token.split(separator: ".", maxSplits: 1).first, let data = Base64URL.decode(String(header)),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["kid"] as? String
    }

    private static func newKeyRecord(at now: Date) -> SigningKeyRecord {
        SigningKeyRecord(kid: SecretHash.newSecret(bytes: 12), algorithm: "ES256", privatePEM: ES256PrivateKey().pemRepresentation, createdAt: now)
    }
}

/// One public key of the JWKS document (RFC 7517), in the shape Entra ID publishes.
public struct PublicJWK: Codable, Sendable, Equatable {
    public var kty = "EC"
    public var use = "sig"
    public var alg = "ES256"
    public var crv = "P-256"
    public var kid: String
    public var x: String
    public var y: String

    init(kid: String, x: String, y: String) {
        self.kid = kid
        self.x = x
        self.y = y
    }
}

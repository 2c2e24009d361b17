import CommerceCore
import CommerceStore
import Foundation
import HTTPTypes
import JWTKit

/// The grants of the Entra-style token endpoint: `client_credentials` (App-only), `password` and
/// `refresh_token` (App+User). Checks the client, the user and the requested resource or scope, and answers
/// Entra's token response, or throws an ``OAuthError``.
struct TokenIssuer: Sendable {
    let store: Store
    let tokens: TokenService
    let clock: any CommerceClock
    let lockout: any SignInLockouts

    init(store: Store, tokens: TokenService, clock: any CommerceClock) {
        self.store = store
        self.tokens = tokens
        self.clock = clock
        self.lockout = makeSignInLockout(store: store, clock: clock)
    }

    static let accessTokenLifetime: TimeInterval = 3600
    /// Entra's default inactivity lifetime of a refresh token.
    static let refreshTokenLifetime: TimeInterval = 90 * 86_400
    /// Hashed against when the user does not exist, so an unknown name costs the same time as a wrong password.
    static let decoyPasswordHash = "pbkdf2-sha256$600000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

    enum Endpoint: Sendable { case v1, v2 }

    /// What the path's tenant segment allows: one partner, or any (`common`, `organizations`).
    enum TenantPath: Sendable, Equatable {
        case partner(String)
        case any

        var name: String {
            switch self {
            case .partner(let id): id
            case .any: "common"
            }
        }

        func allows(_ partnerID: String) -> Bool { self == .any || self == .partner(partnerID) }
    }

    /// The answer to a token request, as the JSON object Entra sends.
    func issue(_ request: TokenRequest, tenant segment: String, endpoint: Endpoint) async throws -> [String: any Sendable] {
        let tenant = try await tenantPath(segment)
        guard let grant = request["grant_type"] else { throw OAuthError.missing("grant_type") }
        switch grant.lowercased() {
        case "client_credentials":
            let scope = try requestedScope(request, endpoint: endpoint, user: false)
            let (app, _) = try await application(request, tenant: tenant, requireSecret: true)
            let token = try await tokens.mint(
                partnerTenantID: app.partnerID, applicationID: app.clientID, objectID: app.objectID, lifetime: Self.accessTokenLifetime
            )
            return body(access: token, endpoint: endpoint, scope: scope)
        case "password":
            let scope = try requestedScope(request, endpoint: endpoint, user: true)
            guard let username = request["username"] else { throw OAuthError.missing("username") }
            guard let password = request["password"] else { throw OAuthError.missing("password") }
            let (app, _) = try await application(request, tenant: tenant, requireSecret: false)
            let user = try await signIn(username: username, password: password, tenant: tenant)
            guard user.partnerID == app.partnerID else { throw OAuthError.unknownClient(app.clientID, tenant: user.partnerID) }
            return try await userTokens(app: app, user: user, endpoint: endpoint, scope: scope, request: request)
        case "refresh_token":
            guard let presented = request["refresh_token"] else { throw OAuthError.missing("refresh_token") }
            guard let clientID = request["client_id"] else { throw OAuthError.missing("client_id") }
            guard let record = try await store.refreshToken(hash: SecretHash.ofRandomSecret(presented)) else {
                throw OAuthError.invalidGrant(9_002_313, "Invalid request. Request is malformed or invalid.")
            }
            guard record.expiresAt > clock.now() else { throw OAuthError.invalidGrant(700082, "The refresh token has expired.") }
            guard record.clientID == clientID.lowercased() else { throw OAuthError.invalidGrant(70000, "Provided grant is invalid or malformed.") }
            let (app, _) = try await application(request, tenant: tenant, requireSecret: false)
            guard tenant.allows(record.partnerID), let user = try await store.user(objectID: record.userID), user.partnerID == app.partnerID else {
                throw OAuthError.invalidGrant(70000, "Provided grant is invalid or malformed.")
            }
            guard user.disabledAt == nil else { throw OAuthError.invalidGrant(50057, "The user account is disabled.") }
            // A v2 refresh may name its scope again; otherwise the sign-in's scope carries over.
            let scope = endpoint == .v2 && request["scope"] != nil ? try requestedScope(request, endpoint: .v2, user: true) : record.scope
            return try await userTokens(app: app, user: user, endpoint: endpoint, scope: scope, request: request)
        default:
            throw OAuthError(
                status: .badRequest, error: "unsupported_grant_type", code: 70003, message: "The app requested an unsupported grant type '\(grant)'."
            )
        }
    }

    /// `common`/`organizations`, or a partner's tenant id; anything else is an unknown tenant.
    func tenantPath(_ segment: String) async throws -> TenantPath {
        let lower = segment.lowercased()
        if lower == "common" || lower == "organizations" { return .any }
        guard UUID(uuidString: lower) != nil, try await store.partner(tenantID: lower) != nil else {
            throw OAuthError.invalidRequest(90002, "Tenant '\(segment)' not found. Check to make sure you have the correct tenant ID.")
        }
        return .partner(lower)
    }

    /// The Partner Center scope or resource the request asks for, as the response repeats it.
    func requestedScope(_ request: TokenRequest, endpoint: Endpoint, user: Bool) throws -> String {
        let audience = TokenService.audience
        switch endpoint {
        case .v1:
            guard let resource = request["resource"] else { throw OAuthError.missing("resource") }
            let normalized = resource.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            guard normalized == audience || normalized == HTTPFault.partnerCenterAppID else {
                throw OAuthError(
                    status: .badRequest, error: "invalid_resource", code: 500011,
                    message: "The resource principal named \(resource) was not found in this tenant; ask for \(audience)."
                )
            }
            return user ? "user_impersonation" : audience
        case .v2:
            guard let scope = request["scope"] else { throw OAuthError.missing("scope") }
            let oidc: Set<String> = ["openid", "profile", "offline_access", "email"]
            var granted: String?
            for item in scope.split(separator: " ").map({ $0.lowercased() }) where !oidc.contains(item) {
                let prefix = [audience + "/", HTTPFault.partnerCenterAppID + "/"].first { item.hasPrefix($0) }
                guard let prefix else {
                    throw OAuthError(
                        status: .badRequest, error: "invalid_resource", code: 500011,
                        message: "The resource of scope '\(item)' was not found in this tenant; ask for \(audience)/.default."
                    )
                }
                let name = String(item.dropFirst(prefix.count))
                guard name == ".default" || (user && name == "user_impersonation") else {
                    throw OAuthError.invalidScope(
                        user
                            ? "The provided value for the input parameter 'scope' is not valid. The scope \(item) does not exist."
                            : "The provided value for scope \(item) is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."
                    )
                }
                granted = name
            }
            guard granted != nil else {
                throw OAuthError.invalidScope("The provided value for the input parameter 'scope' is not valid; ask for \(audience)/.default.")
            }
            return user ? "\(audience)/user_impersonation" : "\(audience)/.default"
        }
    }

    /// The registered, live app of `client_id`, checked against its secret when one is sent (or required).
    func application(_ request: TokenRequest, tenant: TenantPath, requireSecret: Bool) async throws -> (ApplicationRecord, PartnerRecord) {
        guard let clientID = request["client_id"] else { throw OAuthError.missing("client_id") }
        guard UUID(uuidString: clientID) != nil, let app = try await store.application(clientID: clientID), app.deletedAt == nil,
            tenant.allows(app.partnerID)
        else { throw OAuthError.unknownClient(clientID, tenant: tenant.name) }
        if let secret = request["client_secret"] {
            guard try await SecretHash.matches(secret, stored: app.secretHash) else { throw OAuthError.invalidSecret }
        } else if requireSecret {
            throw OAuthError(
                status: .unauthorized, error: "invalid_client", code: 7_000_218,
                message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."
            )
        }
        guard let partner = try await store.partner(tenantID: app.partnerID), !partner.isDisabled else {
            throw OAuthError.invalidRequest(5_000_224, "The tenant \(app.partnerID) is disabled.")
        }
        return (app, partner)
    }

    /// The user of a password sign-in; every failure reads the same and costs one password hash, and too many
    /// wrong passwords lock the name for a minute.
    ///
    /// A disabled user is refused before the password is looked at, with the same answer whatever password came:
    /// checked after it, the answer told a right password from a wrong one, and a right one reset the lockout.
    func signIn(username: String, password: String, tenant: TenantPath) async throws -> PartnerUserRecord {
        guard try await !lockout.isLocked(username) else {
            throw OAuthError.invalidGrant(50053, "The account is locked for a while after too many sign-ins with a wrong password.")
        }
        let user = try await store.user(userPrincipalName: username)
        if let user, user.disabledAt != nil, tenant.allows(user.partnerID) {
            throw OAuthError.invalidGrant(50057, "The user account is disabled.")
        }
        let matches = try await SecretHash.matches(password, stored: user?.passwordHash ?? Self.decoyPasswordHash)
        guard let user, matches else {
            try await lockout.recordFailure(username)
            throw OAuthError.invalidGrant(50126, "Error validating credentials due to invalid username or password.")
        }
        try await lockout.recordSuccess(username)
        guard tenant.allows(user.partnerID) else {
            throw OAuthError.invalidGrant(50034, "The user account \(user.userPrincipalName) does not exist in the \(tenant.name) directory.")
        }
        return user
    }

    /// An App+User access token, a new refresh token, and on v2 the ID token and client info when asked for.
    func userTokens(
        app: ApplicationRecord, user: PartnerUserRecord, endpoint: Endpoint, scope: String, request: TokenRequest
    ) async throws -> [String: any Sendable] {
        let now = Date(timeIntervalSince1970: clock.now().timeIntervalSince1970.rounded(.down))
        let access = try await tokens.mint(
            partnerTenantID: user.partnerID, applicationID: app.clientID, objectID: user.objectID, userPrincipalName: user.userPrincipalName,
            lifetime: Self.accessTokenLifetime
        )
        let refresh = SecretHash.newSecret(bytes: 48)
        try await store.addRefreshToken(
            RefreshTokenRecord(
                tokenHash: SecretHash.ofRandomSecret(refresh), partnerID: user.partnerID, clientID: app.clientID, userID: user.objectID,
                scope: scope, createdAt: now, expiresAt: now.addingTimeInterval(Self.refreshTokenLifetime)
            )
        )
        var result = body(access: access, endpoint: endpoint, scope: scope)
        result["refresh_token"] = refresh
        let asked = Set((request["scope"] ?? "").lowercased().split(separator: " ").map(String.init))
        if endpoint == .v2, asked.contains("openid") {
            let claims = IDTokenClaims(
                aud: AudienceClaim(value: app.clientID), iss: IssuerClaim(value: "https://login.microsoftonline.com/\(user.partnerID)/v2.0"),
                iat: IssuedAtClaim(value: now), nbf: NotBeforeClaim(value: now), exp: ExpirationClaim(value: now.addingTimeInterval(3600)),
                tid: user.partnerID, oid: user.objectID, sub: SubjectClaim(value: user.objectID), name: user.displayName,
                preferred_username: user.userPrincipalName
            )
            result["id_token"] = try await tokens.sign(claims)
        }
        if endpoint == .v2, request["client_info"] == "1" {
            let info = try JSONSerialization.data(withJSONObject: ["uid": user.objectID, "utid": user.partnerID], options: [.sortedKeys])
            result["client_info"] = Base64URL.encode(info)
        }
        return result
    }

    /// The fields every token response has. v1 writes numbers as strings and names the resource, as Entra's v1 does.
    func body(access: String, endpoint: Endpoint, scope: String) -> [String: any Sendable] {
        let now = clock.now()
        let expiresIn = Int(Self.accessTokenLifetime) - 1
        switch endpoint {
        case .v1:
            var result: [String: any Sendable] = [
                "token_type": "Bearer", "expires_in": "\(expiresIn)", "ext_expires_in": "\(expiresIn)",
                "expires_on": "\(Int(now.timeIntervalSince1970) + expiresIn)", "not_before": "\(Int(now.timeIntervalSince1970))",
                "resource": TokenService.audience, "access_token": access,
            ]
            if scope != TokenService.audience { result["scope"] = scope }
            return result
        case .v2:
            return ["token_type": "Bearer", "scope": scope, "expires_in": expiresIn, "ext_expires_in": expiresIn, "access_token": access]
        }
    }
}

import CommerceCore
import CommerceStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The Entra ID–shaped sign-in surface, so OAuth libraries and the Partner Center SDKs' token code work
/// pointed at this server: the v1 and v2 token endpoints, OpenID discovery and the JWKS. Needs no token.
struct OAuthController {
    let issuer: TokenIssuer
    let tokens: TokenService
    let clock: any CommerceClock
    /// Token requests per minute per client id and per remote address; `nil` when throttling is off.
    let perMinute: Int?
    /// Failed sign-ins per minute per remote address; `nil` when throttling is off.
    let failedPerMinute: Int?
    let counter: any ThrottleCounter
    /// Served over HTTPS: the URLs this controller writes say so.
    var secure = false

    func addRoutes(to router: Router<PartnerRequestContext>) {
        router.post("/:tenant/oauth2/token") { request, context in
            await token(request, context: context, endpoint: .v1)
        }
        router.post("/:tenant/oauth2/v2.0/token") { request, context in
            await token(request, context: context, endpoint: .v2)
        }
        router.get("/:tenant/v2.0/.well-known/openid-configuration") { request, context in
            try await discovery(request, context: context, version: .v2)
        }
        router.get("/:tenant/.well-known/openid-configuration") { request, context in
            try await discovery(request, context: context, version: .v1)
        }
        router.get("/:tenant/discovery/v2.0/keys") { _, _ in keys() }
        router.get("/:tenant/discovery/keys") { _, _ in keys() }
    }

    /// Every outcome is Entra's JSON: the token response, or its error body (never an ApiFault).
    func token(_ request: Request, context: PartnerRequestContext, endpoint: TokenIssuer.Endpoint) async -> Response {
        let tenant = context.parameters.get("tenant") ?? ""
        let correlationID =
            request.headers[HTTPField.Name("client-request-id")!].flatMap { UUID(uuidString: $0)?.uuidString.lowercased() }
            ?? UUID().uuidString.lowercased()
        let traceID = UUID().uuidString.lowercased()
        do {
            // The address first, before the body is even read; then the client id the form names.
            let address = context.remoteIP ?? "unknown"
            try await throttle("address:\(address)")
            let form = try await TokenRequest.read(request)
            if let clientID = form["client_id"] { try await throttle("client:\(clientID.lowercased().prefix(64))") }
            // An address out of failed sign-ins is refused before anything is hashed, whoever it names.
            let failures = "token-failures|address:\(address)"
            if let failedPerMinute, let wait = try await counter.wait(failures, perMinute: failedPerMinute) {
                throw OAuthError.throttled(retryAfter: retryAfterSeconds(wait))
            }
            do {
                return TokenResponseBody.json(try await issuer.issue(form, tenant: tenant, endpoint: endpoint))
            } catch let error as OAuthError where error.isFailedSignIn {
                if let failedPerMinute { _ = try await counter.take([(key: failures, perMinute: failedPerMinute)]) }
                throw error
            }
        } catch is SecretHash.Busy {
            context.logger.info(
                "token request refused", metadata: ["error": "temporarily_unavailable", "code": "AADSTS90055", "reason": "hashing queue full"])
            return OAuthError.throttled(retryAfter: 1).response(now: clock.now(), traceID: traceID, correlationID: correlationID)
        } catch let error as OAuthError {
            // The grant and error code only: never the form, which holds secrets.
            context.logger.info("token request refused", metadata: ["error": "\(error.error)", "code": "AADSTS\(error.code)"])
            return error.response(now: clock.now(), traceID: traceID, correlationID: correlationID)
        } catch {
            context.logger.error("token request failed", metadata: ["error": "\(String(describing: type(of: error)))"])
            let failure = OAuthError(status: .internalServerError, error: "server_error", code: 90033, message: "A transient error has occurred.")
            return failure.response(now: clock.now(), traceID: traceID, correlationID: correlationID)
        }
    }

    /// Draws from the bucket of `key`, or throws Entra's throttling answer.
    func throttle(_ key: String) async throws {
        guard let perMinute else { return }
        if let wait = try await counter.take([(key: "token|\(key)", perMinute: perMinute)]) {
            throw OAuthError.throttled(retryAfter: retryAfterSeconds(wait))
        }
    }

    enum DiscoveryVersion { case v1, v2 }

    /// OpenID Provider metadata. Endpoints point at this server (from the `Host` the client used); the issuer is
    /// Entra's, because that is what the tokens say.
    func discovery(_ request: Request, context: PartnerRequestContext, version: DiscoveryVersion) async throws -> Response {
        let segment = context.parameters.get("tenant") ?? "common"
        let tenantPath: TokenIssuer.TenantPath
        do {
            tenantPath = try await issuer.tenantPath(segment)
        } catch let error as OAuthError {
            return error.response(now: clock.now(), traceID: UUID().uuidString.lowercased(), correlationID: UUID().uuidString.lowercased())
        }
        let base = Self.baseURL(of: request, secure: secure)
        let tenant = tenantPath == .any ? "{tenantid}" : tenantPath.name
        let path = segment.lowercased()
        // v2 puts `v2.0` in every endpoint path and uses the login.microsoftonline.com issuer; v1 neither.
        let v2 = version == .v2
        let versionPath = v2 ? "/v2.0" : ""
        var body: [String: any Sendable] = [
            "issuer": v2 ? "https://login.microsoftonline.com/\(tenant)/v2.0" : "https://sts.windows.net/\(tenant)/",
            "token_endpoint": "\(base)/\(path)/oauth2\(versionPath)/token",
            "authorization_endpoint": "\(base)/\(path)/oauth2\(versionPath)/authorize",
            "jwks_uri": "\(base)/\(path)/discovery\(versionPath)/keys",
            "response_types_supported": v2
                ? ["code", "id_token", "code id_token", "id_token token"] : ["code", "id_token", "code id_token", "token id_token", "token"],
            "grant_types_supported": ["client_credentials", "password", "refresh_token"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["ES256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "tenant_region_scope": "NA",
            "cloud_instance_name": "microsoftonline.com",
        ]
        if v2 {
            body["scopes_supported"] = ["openid", "profile", "email", "offline_access"]
            body["claims_supported"] = ["sub", "iss", "aud", "exp", "iat", "nbf", "name", "oid", "tid", "preferred_username", "ver"]
        }
        return TokenResponseBody.json(body)
    }

    /// The JSON Web Key Set: every key whose tokens may still be valid.
    func keys() -> Response {
        let keys: [[String: any Sendable]] = tokens.publicJWKs().map {
            ["kty": $0.kty, "use": $0.use, "alg": $0.alg, "crv": $0.crv, "kid": $0.kid, "x": $0.x, "y": $0.y]
        }
        return TokenResponseBody.json(["keys": keys])
    }

    /// `http(s)://host:port` as the client addressed us: the scheme the server speaks, or `X-Forwarded-Proto` behind a proxy.
    static func baseURL(of request: Request, secure: Bool) -> String {
        // Only host characters: the value comes from the client and is written into URLs we return.
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
        let host = (request.head.authority?.filter { allowed.contains($0) }).flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        let scheme =
            request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.split(separator: ",").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            } ?? (secure ? "https" : "http")
        return "\(scheme == "https" ? "https" : "http")://\(host)"
    }
}

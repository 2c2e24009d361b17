import CommerceCore
import Hummingbird
import Logging
import NIOCore

/// The per-request state every handler sees: the Partner Center request headers and, on `/v1`, who called.
public struct PartnerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// `MS-RequestId` as received, or one we made up.
    public var requestID: String = ""
    /// True when the client sent `MS-RequestId` (only then can a retry be recognised).
    public var clientSentRequestID = false
    /// `MS-CorrelationId` as received, or one we made up.
    public var correlationID: String = ""
    /// `X-Locale` as sent, if it is a well-formed language tag; default `en-US`.
    public var locale: String = "en-US"
    /// The language error descriptions are written in (`en-US`, `ja-JP` or `zh-TW`), chosen from `locale`;
    /// the response's `X-Locale` names it.
    public var language: String = "en-US"
    /// Set by the authentication middleware on every `/v1` route.
    public var identity: CallerIdentity?
    /// The peer's IP address (the token endpoints throttle per address); `nil` on a non-IP transport.
    public var remoteIP: String?
    /// On a write that carries `MS-RequestId`, where its answer is to be kept (set by `IdempotencyMiddleware`).
    var recording: RequestRecording?
    /// On `/_admin`, the admin key the request presented, once checked (it seals the answers kept for replay).
    var adminKey: String?
    /// The connection, which an injected `drop` fault closes without answering.
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteIP = source.channel.remoteAddress?.ipAddress
        self.channel = source.channel
    }

    /// The authenticated caller; only `/v1` routes, which sit behind authentication, may ask.
    public func caller() throws -> CallerIdentity {
        guard let identity else { throw HTTPFault.unauthorized("The request carries no partner token.", error: .tokenMissing) }
        return identity
    }
}

/// Who is calling, from the access token's claims.
public struct CallerIdentity: Sendable, Equatable {
    /// `tid`: the partner tenant that owns everything this caller touches.
    public var partnerTenantID: String
    /// What `lastModifiedUser` records: the user's `oid` (App+User) or the app's client id (App-only).
    public var objectID: String
    /// The calling application (`appid`).
    public var applicationID: String?
    /// `upn` of the user, absent for App-only tokens.
    public var userPrincipalName: String?
    /// The user's Partner Center roles; empty for App-only tokens, which act with the app's full rights.
    public var roles: Set<PartnerRole>

    /// The roles a rule should weigh: `nil` for App-only tokens, which act with the app's full rights.
    public var userRoles: Set<PartnerRole>? { isAppOnly ? nil : roles }

    public init(
        partnerTenantID: String, objectID: String, applicationID: String?, userPrincipalName: String?, roles: Set<PartnerRole> = []
    ) {
        self.partnerTenantID = partnerTenantID
        self.objectID = objectID
        self.applicationID = applicationID
        self.userPrincipalName = userPrincipalName
        self.roles = roles
    }

    /// True when no user is involved (client-credentials token).
    public var isAppOnly: Bool { userPrincipalName == nil }
}

extension CallerIdentity {
    /// Operations the docs allow "with App+User credentials only" refuse App-only tokens, as Partner Center does.
    func requireUser() throws {
        guard isAppOnly else { return }
        throw HTTPFault(.appCredentialsNotAllowed, "This resource can't be accessed by application credentials.")
    }
}

import Hummingbird
import Logging

/// The per-request state every handler sees: the Partner Center request headers and, on `/v1`, who called.
public struct PartnerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// `MS-RequestId` as received, or one we made up.
    public var requestID: String = ""
    /// True when the client sent `MS-RequestId` (only then can a retry be recognised).
    public var clientSentRequestID = false
    /// `MS-CorrelationId` as received, or one we made up.
    public var correlationID: String = ""
    /// `X-Locale`, default `en-US`.
    public var locale: String = "en-US"
    /// Set by the authentication middleware on every `/v1` route.
    public var identity: CallerIdentity?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    /// The authenticated caller; only `/v1` routes, which sit behind authentication, may ask.
    public func caller() throws -> CallerIdentity {
        guard let identity else { throw HTTPFault.unauthorized("The request carries no partner token.", code: 800001) }
        return identity
    }
}

/// Who is calling, from the access token's claims.
public struct CallerIdentity: Sendable, Equatable {
    /// `tid`: the partner tenant that owns everything this caller touches.
    public var partnerTenantID: String
    /// `oid` of the user (App+User) or the application (App-only): what `lastModifiedUser` records.
    public var objectID: String
    /// The calling application (`appid`).
    public var applicationID: String?
    /// `upn` of the user, absent for App-only tokens.
    public var userPrincipalName: String?

    /// True when no user is involved (client-credentials token).
    public var isAppOnly: Bool { userPrincipalName == nil }
}

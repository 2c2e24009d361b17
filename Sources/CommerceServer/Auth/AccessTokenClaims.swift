import JWTKit

/// The claims of a PartnerCommerce access token, shaped like an Entra ID token for Partner Center (spec §9).
struct AccessTokenClaims: JWTPayload {
    var aud: AudienceClaim
    var iss: IssuerClaim
    var iat: IssuedAtClaim?
    var nbf: NotBeforeClaim?
    var exp: ExpirationClaim
    /// Partner tenant id.
    var tid: String
    /// Object id of the user or of the application's service principal.
    var oid: String?
    /// Client id of the calling application.
    var appid: String?
    /// The user's sign-in name; absent in App-only tokens.
    var upn: String?
    /// Delegated scopes (App+User), e.g. `user_impersonation`.
    var scp: String?
    /// `app` for App-only tokens, `user` otherwise (Entra's optional `idtyp` claim).
    var idtyp: String?
    var ver: String?

    /// Time-based checks need the server's clock, so they are made by ``TokenService`` instead.
    func verify(using algorithm: some JWTAlgorithm) throws {}
}

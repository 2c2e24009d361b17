import JWTKit

/// The claims of the v2 ID token a user sign-in returns when `openid` is asked for: what OIDC libraries
/// (MSAL among them) read to know who signed in.
struct IDTokenClaims: JWTPayload {
    var aud: AudienceClaim
    var iss: IssuerClaim
    var iat: IssuedAtClaim
    var nbf: NotBeforeClaim
    var exp: ExpirationClaim
    var tid: String
    var oid: String
    var sub: SubjectClaim
    var name: String
    // swift-format-ignore: AlwaysUseLowerCamelCase
    // The claim's name on the wire, as Entra writes it.
    var preferred_username: String
    var ver = "2.0"

    func verify(using algorithm: some JWTAlgorithm) throws {}
}

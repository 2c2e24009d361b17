/// Everything an access token names, read together because every authenticated request checks it.
public struct TokenSubjects: Sendable, Equatable {
    public var partner: PartnerRecord?
    public var application: ApplicationRecord?
    /// Only looked up for App+User tokens.
    public var user: PartnerUserRecord?
}

import SQLKit

extension Store {
    /// The partner, app and (when `userID` is given) user a token names, in one visit to the database.
    public func tokenSubjects(partnerID: String, clientID: String, userID: String?) async throws -> TokenSubjects {
        try await engine.withDatabase { db in
            let partner = try await db.select().columns(Self.partnerColumns).from("partners")
                .where("tenant_id", .equal, partnerID.lowercased()).first().map(Self.partner(from:))
            let application = try await db.select().columns(Self.applicationColumns).from("applications")
                .where("client_id", .equal, clientID.lowercased()).first().map(Self.application(from:))
            var user: PartnerUserRecord?
            if let userID {
                user = try await db.select().columns(Self.userColumns).from("partner_users")
                    .where("object_id", .equal, userID.lowercased()).first().map(Self.user(from:))
            }
            return TokenSubjects(partner: partner, application: application, user: user)
        }
    }
}

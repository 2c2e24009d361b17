import Foundation
import SQLKit

extension Store {
    /// Most refresh tokens one user keeps: each sign-in adds one, so without a cap a script signing in in a loop
    /// would grow the table without end. Past it the oldest go, as Entra revokes the oldest of too many.
    public static let maximumRefreshTokensPerUser = 100

    /// Keeps a refresh token (by its hash), dropping the user's oldest beyond the cap in the same transaction.
    public func addRefreshToken(_ token: RefreshTokenRecord) async throws {
        try await engine.withTransaction { db in
            try await db.insert(into: "refresh_tokens")
                .columns("token_hash", "partner_id", "client_id", "user_id", "scope", "created_at", "expires_at")
                .values(
                    SQLBind(token.tokenHash), SQLBind(token.partnerID), SQLBind(token.clientID), SQLBind(token.userID), SQLBind(token.scope),
                    SQLBind(StoreTime.text(token.createdAt)), SQLBind(StoreTime.text(token.expiresAt))
                ).run()
            let user = token.userID
            let keep = Self.maximumRefreshTokensPerUser
            try await db.raw(
                """
                DELETE FROM refresh_tokens WHERE user_id = \(bind: user) AND token_hash NOT IN (
                    SELECT token_hash FROM refresh_tokens WHERE user_id = \(bind: user)
                    ORDER BY created_at DESC, token_hash DESC LIMIT \(literal: keep))
                """
            ).run()
        }
    }

    /// The refresh token with this hash, if it was issued and not purged.
    public func refreshToken(hash: String) async throws -> RefreshTokenRecord? {
        try await engine.withDatabase { db in
            guard
                let row = try await db.select().columns("token_hash", "partner_id", "client_id", "user_id", "scope", "created_at", "expires_at")
                    .from("refresh_tokens").where("token_hash", .equal, hash).first()
            else { return nil }
            return RefreshTokenRecord(
                tokenHash: try row.decode(column: "token_hash", as: String.self),
                partnerID: try row.decode(column: "partner_id", as: String.self),
                clientID: try row.decode(column: "client_id", as: String.self),
                userID: try row.decode(column: "user_id", as: String.self),
                scope: try row.decode(column: "scope", as: String.self),
                createdAt: StoreTime.date(try row.decode(column: "created_at", as: String.self)) ?? .distantPast,
                expiresAt: StoreTime.date(try row.decode(column: "expires_at", as: String.self)) ?? .distantPast
            )
        }
    }

    /// Drops refresh tokens that expired before `now`; returns how many.
    @discardableResult
    public func purgeExpiredRefreshTokens(now: Date) async throws -> Int {
        try await purge("refresh_tokens", where: SQLBinaryExpression(SQLColumn("expires_at"), .lessThan, SQLBind(StoreTime.text(now))))
    }
}

import CommerceCore
import Foundation
import SQLKit

/// The sign-in lockout shared by every node of a PostgreSQL store (`SignInFailures`), one row per name that
/// failed recently. Names are the lower-cased sign-in names the caller passes.
extension Store {
    /// What is known of this name, if anything.
    public func signInFailures(_ name: String) async throws -> SignInFailures? {
        try await engine.withDatabase { db in try await Self.signInFailures(name, in: db) }
    }

    /// Changes the name's record in one transaction, under a lock on the name so two nodes counting at once
    /// lose no failure; `change` returning `nil` forgets the name. Nothing is written when nothing changes.
    public func updateSignInFailures(_ name: String, _ change: @escaping @Sendable (SignInFailures?) -> SignInFailures?) async throws {
        try await engine.withTransaction { db in
            try await engine.exclusiveLock("sign-in:\(name)", in: db)
            let current = try await Self.signInFailures(name, in: db)
            let updated = change(current)
            guard updated != current else { return }
            try await db.delete(from: "sign_in_failures").where("name", .equal, name).run()
            guard let updated else { return }
            try await db.insert(into: "sign_in_failures").columns("name", "failures", "window_start", "locked_until")
                .values(
                    SQLBind(name), SQLBind(updated.failures), SQLBind(ThrottleCell.microseconds(updated.windowStart)),
                    SQLBind(updated.lockedUntil.map(ThrottleCell.microseconds) ?? 0)
                ).run()
        }
    }

    /// Deletes the names that are not locked at `now` and whose window started before `cutoff`; returns how many.
    public func purgeSignInFailures(startedBefore cutoff: Date, now: Date) async throws -> Int {
        let stale = SQLBinaryExpression(
            SQLBinaryExpression(SQLColumn("window_start"), .lessThan, SQLBind(ThrottleCell.microseconds(cutoff))), .and,
            SQLBinaryExpression(SQLColumn("locked_until"), .lessThan, SQLBind(ThrottleCell.microseconds(now)))
        )
        return try await purge("sign_in_failures", where: stale)
    }

    private static func signInFailures(_ name: String, in db: any StoreDatabase) async throws -> SignInFailures? {
        guard
            let row = try await db.select().columns("failures", "window_start", "locked_until").from("sign_in_failures")
                .where("name", .equal, name).first()
        else { return nil }
        let locked = try row.decode(column: "locked_until", as: Int64.self)
        return SignInFailures(
            failures: try row.decode(column: "failures", as: Int.self),
            windowStart: Date(timeIntervalSince1970: Double(try row.decode(column: "window_start", as: Int64.self)) / 1_000_000),
            lockedUntil: locked == 0 ? nil : Date(timeIntervalSince1970: Double(locked) / 1_000_000)
        )
    }
}

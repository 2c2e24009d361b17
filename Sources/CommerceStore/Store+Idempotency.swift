import CommerceCore
import Foundation
import SQLKit

/// A response kept for replay under its `MS-RequestId` (ARCHITECTURE decision 2).
public struct StoredResponse: Sendable, Equatable {
    public var status: Int
    /// Response headers worth replaying (`Location`, `Content-Type`), as name/value pairs.
    public var headers: [[String]]
    public var body: String

    public init(status: Int, headers: [[String]], body: String) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// What the store says about a request id when a request arrives.
public enum RequestReservation: Sendable, Equatable {
    /// First time: the caller runs the request, then calls `completeRequest` (or `releaseRequest`).
    case reserved
    /// Seen before with the same method, path and body: answer this.
    case replay(StoredResponse)
    /// Seen before with a different method, path or body.
    case mismatch
    /// The first request with this id is still running.
    case inProgress
}

extension Store {
    /// Claims `requestID` for this request, or says why not. Reservations older than `staleAfter` seconds that
    /// never completed (the process died) are taken over.
    public func reserveRequest(
        partnerID: String, requestID: String, method: String, path: String, bodyHash: String, at now: Date, staleAfter: TimeInterval = 120
    ) async throws -> RequestReservation {
        try await engine.withTransaction { db in
            try await engine.exclusiveLock("request:\(partnerID):\(requestID)", in: db)
            if let row = try await db.select().columns("method", "path", "body_hash", "state", "status", "headers", "body", "created_at")
                .from("idempotency_records").where("partner_id", .equal, partnerID).where("request_id", .equal, requestID).first()
            {
                let same = try row.decode(column: "method", as: String.self) == method && row.decode(column: "path", as: String.self) == path
                    && row.decode(column: "body_hash", as: String.self) == bodyHash
                if try row.decode(column: "state", as: String.self) == "done" {
                    guard same else { return .mismatch }
                    let headers = try JSONDecoder().decode([[String]].self, from: Data((try row.decode(column: "headers", as: String?.self) ?? "[]").utf8))
                    return .replay(StoredResponse(
                        status: try row.decode(column: "status", as: Int.self), headers: headers, body: try row.decode(column: "body", as: String?.self) ?? ""
                    ))
                }
                let started = StoreTime.date(try row.decode(column: "created_at", as: String.self)) ?? now
                guard now.timeIntervalSince(started) > staleAfter else { return same ? .inProgress : .mismatch }
                try await db.delete(from: "idempotency_records").where("partner_id", .equal, partnerID).where("request_id", .equal, requestID).run()
            }
            try await db.insert(into: "idempotency_records")
                .columns("partner_id", "request_id", "method", "path", "body_hash", "state", "created_at")
                .values(SQLBind(partnerID), SQLBind(requestID), SQLBind(method), SQLBind(path), SQLBind(bodyHash), SQLBind("running"), SQLBind(StoreTime.text(now)))
                .run()
            return .reserved
        }
    }

    /// Keeps the response of a reserved request for replay.
    public func completeRequest(partnerID: String, requestID: String, response: StoredResponse) async throws {
        let headers = String(decoding: try JSONEncoder().encode(response.headers), as: UTF8.self)
        try await engine.withTransaction { db in
            try await db.update("idempotency_records").set("state", to: SQLBind("done")).set("status", to: SQLBind(response.status))
                .set("headers", to: SQLBind(headers)).set("body", to: SQLBind(response.body))
                .where("partner_id", .equal, partnerID).where("request_id", .equal, requestID).run()
        }
    }

    /// Forgets a reservation whose request failed in a way worth retrying (a 5xx).
    public func releaseRequest(partnerID: String, requestID: String) async throws {
        try await engine.withTransaction { db in
            try await db.delete(from: "idempotency_records").where("partner_id", .equal, partnerID).where("request_id", .equal, requestID).run()
        }
    }

    /// Deletes records older than `cutoff`; returns how many.
    public func purgeRequestRecords(olderThan cutoff: Date) async throws -> Int {
        try await engine.withTransaction { db in
            let old = try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("idempotency_records")
                .where("created_at", .lessThan, StoreTime.text(cutoff)).first()?.decode(column: "n", as: Int.self) ?? 0
            try await db.delete(from: "idempotency_records").where("created_at", .lessThan, StoreTime.text(cutoff)).run()
            return old
        }
    }
}

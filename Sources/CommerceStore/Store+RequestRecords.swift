import Foundation
import NIOCore
import SQLKit

/// `MS-RequestId` records (ARCHITECTURE decision 2): each answer is kept under (partner, request id) with the
/// request's method, path and body hash, for at least a day.
///
/// A write keeps its answer in its own transaction (`write(answering:at:_:)`), so the two commit together: after
/// any crash, a retry finds either the answer or nothing written. Answers that wrote nothing (refusals) are kept
/// afterwards with `keep`, since running such a request twice changes nothing.
extension Store {
    /// The answer kept for this request, if any. Throws `StoreError.requestIDReused` when the id was used for a
    /// different request.
    public func earlierAnswer(to key: RequestKey) async throws -> StoredResponse? {
        try await engine.withDatabase { db in try await Self.earlierAnswer(to: key, in: db) }
    }

    /// Keeps the answer to a request that wrote nothing, unless an answer is kept already (a twin request got
    /// there first); returns the answer that is kept, which is the one to send.
    public func keep(_ response: StoredResponse, for key: RequestKey, at now: Date) async throws -> StoredResponse {
        try await engine.withTransaction { db in
            try await engine.exclusiveLock(key.lockName, in: db)
            if let earlier = try await Self.earlierAnswer(to: key, in: db) { return earlier }
            try await Self.insertRecord(response, for: key, at: now, in: db)
            return response
        }
    }

    /// Runs `body` in one transaction with the request's record: if an answer is kept already (the same request
    /// committed first, on any node) it throws `StoreError.answeredBefore` and writes nothing; otherwise it writes,
    /// renders the answer from what `body` returned, keeps it, and commits both at once.
    func write<Value: Sendable>(
        answering: Answering<Value>, at now: Date, _ body: @escaping @Sendable (any StoreDatabase) async throws -> Value
    ) async throws -> StoredResponse {
        try await engine.withTransaction { db in
            if let key = answering.key {
                try await engine.exclusiveLock(key.lockName, in: db)
                if let earlier = try await Self.earlierAnswer(to: key, in: db) { throw StoreError.answeredBefore(earlier) }
            }
            let response = try answering.render(try await body(db))
            if let key = answering.key { try await Self.insertRecord(response, for: key, at: now, in: db) }
            return response
        }
    }

    /// Deletes records older than `cutoff`; returns how many.
    public func purgeRequestRecords(olderThan cutoff: Date) async throws -> Int {
        try await purge("idempotency_records", where: SQLBinaryExpression(SQLColumn("created_at"), .lessThan, SQLBind(StoreTime.text(cutoff))))
    }

    static func earlierAnswer(to key: RequestKey, in db: any StoreDatabase) async throws -> StoredResponse? {
        guard let row = try await db.first(EarlierAnswer.self, [.text(key.partnerID), .text(key.requestID)]) else { return nil }
        let same = try row.text(0) == key.method && row.text(1) == key.path && row.text(2) == key.bodyHash
        guard same else { throw StoreError.requestIDReused(key.requestID) }
        return StoredResponse(
            status: try row.optionalInteger(3) ?? 500, headers: try StoredHeaders.decode(try row.optionalText(4) ?? "[]"),
            body: try row.optionalText(5) ?? ""
        )
    }

    static func insertRecord(_ response: StoredResponse, for key: RequestKey, at now: Date, in db: any StoreDatabase) async throws {
        try await db.run(
            InsertRecord.self,
            [
                .text(key.partnerID), .text(key.requestID), .text(key.method), .text(key.path), .text(key.bodyHash), .integer(Int64(response.status)),
                .text(StoredHeaders.encode(response.headers)), .text(response.body), .text(StoreTime.text(now)),
            ]
        )
    }

    private enum EarlierAnswer: HotStatement {
        static let sql = "SELECT method, path, body_hash, status, headers, body FROM idempotency_records WHERE partner_id = $1 AND request_id = $2"
    }

    /// `state` dates from when records were reserved before the request ran; every record is now complete.
    private enum InsertRecord: HotStatement {
        static let sql = """
            INSERT INTO idempotency_records (partner_id, request_id, method, path, body_hash, state, status, headers, body, created_at)
            VALUES ($1, $2, $3, $4, $5, 'done', CAST($6 AS BIGINT), $7, $8, $9)
            """
    }
}

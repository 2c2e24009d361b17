import CommerceCore
import Foundation
import Hummingbird
import PartnerCenterModels

/// `GET /_admin/requests`: the journal, newest first, filtered (``JournalQuery``), optionally waiting for entries
/// to arrive; `DELETE /_admin/requests`: clears it, or a partner's part of it.
struct JournalController {
    /// `nil` when the journal is off (`serve --journal-entries 0`).
    let journal: RequestJournal?

    /// One journalled request as shown: bodies as text with secrets redacted, the claimed partner decoded.
    struct Shown: Encodable {
        var sequence: Int
        var time: Date
        var method: String
        var path: String
        var status: Int
        var latencyMilliseconds: Double
        var partner: String?
        var requestId: String
        var correlationId: String
        var requestHeaders: [String: String]
        var responseHeaders: [String: String]
        var requestBody: String
        var responseBody: String
        var truncated: Bool

        init(_ entry: RequestJournal.Entry) {
            (sequence, time, method, path, status) = (entry.sequence, entry.time, entry.method, entry.path, entry.status)
            latencyMilliseconds = (entry.latencyMilliseconds * 1_000).rounded() / 1_000
            partner = entry.partner
            (requestId, correlationId, truncated) = (entry.requestID, entry.correlationID, entry.truncated)
            requestHeaders = JournalRedaction.shown(entry.requestHeaders)
            responseHeaders = JournalRedaction.shown(entry.responseHeaders)
            // Echoed by the headers middleware, outside the journal: added here as the client got them, rather than
            // copying every answer's fields to add them before they are kept.
            responseHeaders["ms-requestid"] = responseHeaders["ms-requestid"] ?? entry.requestID
            responseHeaders["ms-correlationid"] = responseHeaders["ms-correlationid"] ?? entry.correlationID
            requestBody = JournalRedaction.redact(String(buffer: entry.requestBody), contentType: entry.requestContentType)
            responseBody = JournalRedaction.redact(String(buffer: entry.responseBody), contentType: nil)
        }
    }

    struct Listing: Encodable {
        var enabled: Bool
        var totalCount: Int
        var keptEntries: Int
        var keptBytes: Int
        /// With `atLeast`: false when the wait ended before that many entries matched.
        var reached: Bool?
        var items: [Shown]
    }

    struct Cleared: Encodable {
        var removed: Int
    }

    func addRoutes(to admin: RouterGroup<PartnerRequestContext>) {
        admin.get("requests", use: list)
        admin.delete("requests", use: clear)
    }

    @Sendable func list(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let query = try JournalQuery(request)
        guard let journal else {
            return try JSONResponse.make(Listing(enabled: false, totalCount: 0, keptEntries: 0, keptBytes: 0, items: []))
        }
        var reached: Bool?
        let (matching, entries): (Int, [RequestJournal.Entry])
        if let atLeast = query.atLeast {
            let waited = await journal.entries(limit: query.limit, atLeast: atLeast, timeout: query.timeout, where: query.matches)
            (matching, entries, reached) = (waited.matching, waited.entries, waited.reached)
        } else {
            (matching, entries) = journal.entries(limit: query.limit, where: query.matches)
        }
        let size = journal.size
        return try JSONResponse.make(
            Listing(
                enabled: true, totalCount: matching, keptEntries: size.entries, keptBytes: size.bytes, reached: reached,
                items: entries.map(Shown.init)
            ))
    }

    /// Clears the entries the filters name (`?partnerId=` for one partner's), every entry without any.
    @Sendable func clear(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let query = try JournalQuery(request, allowing: JournalQuery.filters)
        return try JSONResponse.make(Cleared(removed: journal?.remove(where: query.matches) ?? 0))
    }
}

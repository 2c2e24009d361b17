import CommerceCore
import Foundation
import Hummingbird
import PartnerCenterModels

/// `GET /_admin/requests`: the journal, newest first, filtered by path, status or correlation id.
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
        var requestBody: String
        var responseBody: String
        var truncated: Bool

        init(_ entry: RequestJournal.Entry) {
            (sequence, time, method, path, status) = (entry.sequence, entry.time, entry.method, entry.path, entry.status)
            latencyMilliseconds = (entry.latencyMilliseconds * 1_000).rounded() / 1_000
            partner = JournalMiddleware.claimedTenant(entry.tokenClaims)
            (requestId, correlationId, truncated) = (entry.requestID, entry.correlationID, entry.truncated)
            requestBody = JournalRedaction.redact(String(buffer: entry.requestBody), contentType: entry.requestContentType)
            responseBody = JournalRedaction.redact(String(buffer: entry.responseBody), contentType: nil)
        }
    }

    struct Listing: Encodable {
        var enabled: Bool
        var totalCount: Int
        var keptEntries: Int
        var keptBytes: Int
        var items: [Shown]
    }

    func addRoutes(to admin: RouterGroup<PartnerRequestContext>) {
        admin.get("requests") { request, _ in
            let path = request.query("path")
            let correlationID = request.query("correlationId")
            let status = try request.query("status").map { text in
                guard let number = Int(text), (100...599).contains(number) else {
                    throw HTTPFault.badRequest("status must be an HTTP status between 100 and 599.", data: ["status"])
                }
                return number
            }
            let limit =
                try request.query("limit").map { text in
                    guard let number = Int(text), (1...1_000).contains(number) else {
                        throw HTTPFault.badRequest("limit must be a whole number between 1 and 1000.", data: ["limit"])
                    }
                    return number
                } ?? 100
            guard let journal else { return try JSONResponse.make(Listing(enabled: false, totalCount: 0, keptEntries: 0, keptBytes: 0, items: [])) }
            let wanted = path?.lowercased()
            let (matching, entries) = journal.entries(limit: limit) { entry in
                (wanted.map { entry.path.lowercased().contains($0) } ?? true) && (status.map { entry.status == $0 } ?? true)
                    && (correlationID.map { entry.correlationID == $0 } ?? true)
            }
            let size = journal.size
            return try JSONResponse.make(
                Listing(
                    enabled: true, totalCount: matching, keptEntries: size.entries, keptBytes: size.bytes,
                    items: entries.map(Shown.init)
                ))
        }
    }
}

import CommerceCore
import Foundation
import Hummingbird
import PartnerCenterModels

/// Which journal entries a read or a clear means, parsed strictly from the query: a misspelt filter (`?metod=`,
/// `?since=` before it existed) silently matching everything is how a test passes for the wrong reason, so a name
/// not in ``known`` is refused with the list.
struct JournalQuery {
    var method: String?
    /// Anywhere in the path and query, any case.
    var path: String?
    /// The start of the path, any case.
    var pathPrefix: String?
    /// An exact status, or a class (`4` for `4xx`).
    var status: Int?
    var statusClass: Int?
    var requestID: String?
    var correlationID: String?
    var partnerID: String?
    /// On or after, on the partner's clock as journalled.
    var since: Date?
    /// Before.
    var until: Date?
    var limit = 100
    /// Wait until at least this many entries match (a long poll), up to ``timeout``.
    var atLeast: Int?
    var timeout: Double = 30

    /// Every parameter a read of the journal takes; a clear takes the filters alone (not `limit` or the poll).
    static let filters = ["method", "path", "pathPrefix", "status", "requestId", "correlationId", "partnerId", "since", "until"]
    static let known = filters + ["limit", "atLeast", "timeout"]
    /// The longest a long poll waits: under any client's or proxy's idle timeout.
    static let longestWait: Double = 60

    init(_ request: Request, allowing names: [String] = known) throws {
        let lowered = Set(names.map { $0.lowercased() })
        for (key, _) in request.uri.queryParameters where !lowered.contains(String(key).lowercased()) {
            throw HTTPFault.badRequest(
                LocalizedText("Unknown filter \(String(key).prefix(64)): the journal takes \(names.joined(separator: ", "))."), data: names)
        }
        method = request.query("method")?.uppercased()
        path = request.query("path")?.lowercased()
        pathPrefix = request.query("pathPrefix")?.lowercased()
        requestID = request.query("requestId")
        correlationID = request.query("correlationId")
        partnerID = request.query("partnerId")?.lowercased()
        if let text = request.query("status") { try parseStatus(text) }
        since = try Self.instant(request.query("since"), named: "since")
        until = try Self.instant(request.query("until"), named: "until")
        limit = try Self.number(request.query("limit"), named: "limit", in: 1...1_000) ?? 100
        atLeast = try Self.number(request.query("atLeast"), named: "atLeast", in: 1...1_000)
        if let text = request.query("timeout") {
            guard let seconds = Double(text), seconds.isFinite, (0...Self.longestWait).contains(seconds) else {
                throw HTTPFault.badRequest("timeout must be a number of seconds between 0 and 60.", data: ["timeout"])
            }
            timeout = seconds
        }
    }

    private mutating func parseStatus(_ text: String) throws {
        let lowered = text.lowercased()
        if lowered.count == 3, lowered.hasSuffix("xx"), let first = Int(lowered.prefix(1)), (1...5).contains(first) {
            statusClass = first
        } else if let number = Int(text), (100...599).contains(number) {
            status = number
        } else {
            throw HTTPFault.badRequest("status must be an HTTP status between 100 and 599, or a class such as 4xx.", data: ["status"])
        }
    }

    private static func instant(_ text: String?, named name: String) throws -> Date? {
        guard let text else { return nil }
        guard let date = WireDate.parse(text) else {
            throw HTTPFault.badRequest(LocalizedText("\(name) must be an ISO 8601 instant such as 2030-01-01T00:00:00Z."), data: [name])
        }
        return date
    }

    private static func number(_ text: String?, named name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw HTTPFault.badRequest(
                LocalizedText("\(name) must be a whole number between \(range.lowerBound) and \(range.upperBound)."), data: [name])
        }
        return number
    }

    /// Whether `entry` is one this query means.
    func matches(_ entry: RequestJournal.Entry) -> Bool {
        if let method, entry.method != method { return false }
        if let status, entry.status != status { return false }
        if let statusClass, entry.status / 100 != statusClass { return false }
        if let requestID, entry.requestID != requestID { return false }
        if let correlationID, entry.correlationID != correlationID { return false }
        if let since, entry.time < since { return false }
        if let until, entry.time >= until { return false }
        if path != nil || pathPrefix != nil {
            let lowered = entry.path.lowercased()
            if let path, !lowered.contains(path) { return false }
            if let pathPrefix, !lowered.hasPrefix(pathPrefix) { return false }
        }
        if let partnerID, entry.partner?.lowercased() != partnerID { return false }
        return true
    }
}

import Foundation
import Synchronization

/// The last requests this node answered, for a developer to see what their client sent (`GET /_admin/requests`).
///
/// Bounded twice, by entries and by bytes, and every body is cut at ``bodyLimit``, so memory stays flat however
/// long the server runs or however large the requests. Bodies are kept as they came and redacted when read
/// (``JournalRedaction``), so the hot path pays only for a copy; the `Authorization` header is never kept.
final class RequestJournal: Sendable {
    /// One request and its answer, encoded as `GET /_admin/requests` shows it.
    struct Entry: Sendable, Encodable {
        var sequence: Int
        var time: Date
        var method: String
        var path: String
        var status: Int
        var latencyMilliseconds: Double
        /// The `tid` the bearer token claims (unverified: a refused token shows what it claimed).
        var partner: String?
        var requestID: String
        var correlationID: String
        var requestContentType: String?
        var requestBody: String
        var responseBody: String
        /// Bodies longer than ``bodyLimit`` were cut.
        var truncated: Bool

        var bytes: Int { path.utf8.count + requestBody.utf8.count + responseBody.utf8.count + 256 }

        enum CodingKeys: String, CodingKey {
            case sequence, time, method, path, status, latencyMilliseconds, partner, requestBody, responseBody, truncated
            case requestID = "requestId", correlationID = "correlationId"
        }

        /// The entry as shown: bodies redacted, latency to the microsecond.
        func shown() -> Entry {
            var entry = self
            entry.requestBody = JournalRedaction.redact(requestBody, contentType: requestContentType)
            entry.responseBody = JournalRedaction.redact(responseBody, contentType: nil)
            entry.latencyMilliseconds = (latencyMilliseconds * 1_000).rounded() / 1_000
            return entry
        }
    }

    let maxEntries: Int
    let maxBytes: Int
    static let bodyLimit = 16 * 1024

    private struct Ring {
        var entries: [Entry] = []
        var bytes = 0
        var next = 1
    }

    private let ring = Mutex(Ring())

    init(maxEntries: Int, maxBytes: Int) {
        self.maxEntries = max(1, maxEntries)
        self.maxBytes = max(64 * 1024, maxBytes)
    }

    /// Records a request; returns its sequence number, under which its answer's body is added as it is written.
    func record(_ entry: Entry) -> Int {
        ring.withLock { ring in
            var entry = entry
            entry.sequence = ring.next
            ring.next += 1
            ring.entries.append(entry)
            ring.bytes += entry.bytes
            trim(&ring)
            return entry.sequence
        }
    }

    /// Adds a chunk of the answer's body to entry `sequence`, if it is still kept, up to the body limit.
    func appendResponse(_ chunk: String, to sequence: Int) {
        ring.withLock { ring in
            // Recent entries are at the end: search from there.
            guard let index = ring.entries.lastIndex(where: { $0.sequence == sequence }) else { return }
            let room = Self.bodyLimit - ring.entries[index].responseBody.utf8.count
            guard room > 0 else {
                ring.entries[index].truncated = true
                return
            }
            let piece = Self.prefix(chunk, bytes: room)
            if piece.utf8.count < chunk.utf8.count { ring.entries[index].truncated = true }
            ring.entries[index].responseBody += piece
            ring.bytes += piece.utf8.count
            trim(&ring)
        }
    }

    /// Entries, newest first, that pass `filter`, at most `limit`.
    func entries(limit: Int, where filter: (Entry) -> Bool) -> (matching: Int, entries: [Entry]) {
        let all = ring.withLock { $0.entries }
        let matching = all.reversed().filter(filter)
        return (matching.count, Array(matching.prefix(limit)))
    }

    /// How many entries and bytes are kept now.
    var size: (entries: Int, bytes: Int) { ring.withLock { ($0.entries.count, $0.bytes) } }

    private func trim(_ ring: inout Ring) {
        var drop = 0
        while ring.entries.count - drop > maxEntries || (ring.bytes > maxBytes && ring.entries.count - drop > 1) {
            ring.bytes -= ring.entries[drop].bytes
            drop += 1
        }
        if drop > 0 { ring.entries.removeFirst(drop) }
    }

    /// `text` cut to at most `bytes` UTF-8 bytes (a character split by the cut becomes U+FFFD).
    static func prefix(_ text: String, bytes: Int) -> String {
        guard text.utf8.count > bytes else { return text }
        return String(decoding: text.utf8.prefix(bytes), as: UTF8.self)
    }
}

import Foundation
import HTTPTypes
import NIOCore
import Synchronization

/// The last requests this node answered, for a developer to see what their client sent (`GET /_admin/requests`).
///
/// Bounded twice, by entries and by bytes, and every body is cut at ``bodyLimit``, so memory stays flat however
/// long the server runs or however large the requests. The hot path keeps only references: bodies stay the
/// buffers that were read and written (copied only when cut), and the bearer token's claims are decoded, and
/// secrets redacted (``JournalRedaction``), when the journal is read. The token itself is never kept: only its
/// unsigned middle segment, which is no credential.
final class RequestJournal: Sendable {
    /// One request and its answer, as kept.
    struct Entry: Sendable {
        var sequence: Int
        var time: Date
        var method: String
        var path: String
        var status: Int
        var latencyMilliseconds: Double
        /// The claims segment of the bearer JWT, for showing the partner it claims.
        var tokenClaims: Substring?
        var requestID: String
        var correlationID: String
        var requestContentType: String?
        /// As the client sent them and as the answer carried them; secrets are masked when shown (``JournalRedaction``).
        var requestHeaders: HTTPFields
        var responseHeaders: HTTPFields
        var requestBody: ByteBuffer
        var responseBody: ByteBuffer
        /// A body was longer than ``bodyLimit`` and is cut.
        var truncated: Bool

        var bytes: Int {
            path.utf8.count + (tokenClaims?.utf8.count ?? 0) + requestBody.storageCapacity + responseBody.storageCapacity + 256
                + Self.size(of: requestHeaders) + Self.size(of: responseHeaders)
        }

        static func size(of fields: HTTPFields) -> Int { fields.reduce(0) { $0 + $1.name.rawName.utf8.count + $1.value.utf8.count + 16 } }

        /// The partner the request speaks for: the bearer token's `tid` (as claimed; the status says whether it
        /// was accepted), or the tenant a token request names in its path.
        var partner: String? {
            JournalMiddleware.claimedTenant(tokenClaims) ?? JournalPath.tokenTenant(path)
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
    func appendResponse(_ chunk: ByteBuffer, to sequence: Int) {
        ring.withLock { ring in
            // Recent entries are at the end: search from there.
            guard let index = ring.entries.lastIndex(where: { $0.sequence == sequence }) else { return }
            let before = ring.entries[index].bytes
            if Self.append(chunk, to: &ring.entries[index].responseBody) { ring.entries[index].truncated = true }
            ring.bytes += ring.entries[index].bytes - before
            trim(&ring)
        }
    }

    /// Entries, newest first, that pass `filter`, at most `limit`.
    func entries(limit: Int, where filter: (Entry) -> Bool) -> (matching: Int, entries: [Entry]) {
        let all = ring.withLock { $0.entries }
        let matching = all.reversed().filter(filter)
        return (matching.count, Array(matching.prefix(limit)))
    }

    /// Removes the entries that pass `filter`; returns how many went.
    @discardableResult
    func remove(where filter: (Entry) -> Bool) -> Int {
        ring.withLock { ring in
            let before = ring.entries.count
            ring.entries.removeAll(where: filter)
            ring.bytes = ring.entries.reduce(0) { $0 + $1.bytes }
            return before - ring.entries.count
        }
    }

    /// Entries as ``entries(limit:where:)`` gives them, once at least `count` pass `filter` or `timeout` seconds
    /// have gone (then what there is, and `false`). Polled: a test's long poll is rare, and a waiter list woken on
    /// every request would cost every request.
    func entries(
        limit: Int, atLeast count: Int, timeout: Double, where filter: (Entry) -> Bool
    ) async -> (matching: Int, entries: [Entry], reached: Bool) {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(timeout * 1_000)))
        while true {
            let (matching, entries) = self.entries(limit: limit, where: filter)
            if matching >= count { return (matching, entries, true) }
            if ContinuousClock.now >= deadline || Task.isCancelled { return (matching, entries, false) }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// How many entries and bytes are kept now.
    var size: (entries: Int, bytes: Int) { ring.withLock { ($0.entries.count, $0.bytes) } }

    /// Past either bound, drops the oldest entries down to seven eighths of both at once: the array's front is
    /// moved once every few hundred requests instead of on every one (amortised O(1)), and neither bound is ever
    /// exceeded once the call returns.
    private func trim(_ ring: inout Ring) {
        guard ring.entries.count > maxEntries || ring.bytes > maxBytes else { return }
        let entryTarget = maxEntries - maxEntries / 8
        let byteTarget = maxBytes - maxBytes / 8
        var drop = 0
        while ring.entries.count - drop > 1, ring.entries.count - drop > entryTarget || ring.bytes > byteTarget {
            ring.bytes -= ring.entries[drop].bytes
            drop += 1
        }
        if drop > 0 { ring.entries.removeFirst(drop) }
    }

    /// A body as kept: the buffer itself when it is small and owns little more than it holds, else a copy of at
    /// most ``bodyLimit`` bytes (so a kept slice never holds a large buffer alive). Also whether it was cut.
    static func kept(_ buffer: ByteBuffer) -> (ByteBuffer, Bool) {
        let cut = buffer.readableBytes > bodyLimit
        if !cut, buffer.storageCapacity <= max(4 * buffer.readableBytes, 4_096) { return (buffer, false) }
        var copy = ByteBufferAllocator().buffer(capacity: min(buffer.readableBytes, bodyLimit))
        copy.writeImmutableBuffer(buffer.getSlice(at: buffer.readerIndex, length: min(buffer.readableBytes, bodyLimit)) ?? ByteBuffer())
        return (copy, cut)
    }

    /// Adds a chunk of a body to what is kept of it, up to ``bodyLimit``; returns whether some of it was cut.
    /// The first chunk is kept as it is when small (``kept(_:)``), later ones are copied in.
    static func append(_ chunk: ByteBuffer, to body: inout ByteBuffer) -> Bool {
        if body.readableBytes == 0 {
            let (kept, cut) = kept(chunk)
            body = kept
            return cut
        }
        let room = max(bodyLimit - body.readableBytes, 0)
        var piece = chunk.getSlice(at: chunk.readerIndex, length: min(room, chunk.readableBytes)) ?? ByteBuffer()
        body.writeBuffer(&piece)
        return chunk.readableBytes > room
    }

    /// `text` cut to at most `bytes` UTF-8 bytes (a character split by the cut becomes U+FFFD).
    static func prefix(_ text: String, bytes: Int) -> String {
        guard text.utf8.count > bytes else { return text }
        return String(decoding: text.utf8.prefix(bytes), as: UTF8.self)
    }
}

import CommerceCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore
import Synchronization

/// Records every request in the ``RequestJournal``: inside the headers middleware (so the ids are known) and
/// around everything else, turning a thrown error into its `ApiFault` answer itself so the journal sees the
/// status the client gets.
struct JournalMiddleware: RouterMiddleware {
    typealias Context = PartnerRequestContext
    let journal: RequestJournal
    let clock: any CommerceClock

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Reads of the journal and the dashboard are not journalled, however the path is spelt (`JournalPath`).
        if JournalPath.isExcluded(Substring(request.uri.path)) {
            return try await next(request, context)
        }
        let started = ContinuousClock.now
        var request = request
        // The body is copied as the handler reads it, so a request refused before its body is read (401, 429)
        // never has it read here either, and the handler's own limits and errors are unchanged.
        let capture = BodyCapture()
        if request.method == .post || request.method == .put || request.method == .patch {
            request.body = HummingbirdCore.RequestBody(asyncSequence: CapturingBody(base: request.body, capture: capture))
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = FaultMiddleware.response(for: error, request: request, context: context)
        }
        let (requestBody, truncated) = capture.kept
        let sequence = journal.record(
            RequestJournal.Entry(
                sequence: 0, time: clock.now(), method: request.method.rawValue,
                path: RequestJournal.prefix(JournalRedaction.redactQuery(request.uri.description), bytes: 2_048),
                status: Int(response.status.code), latencyMilliseconds: (ContinuousClock.now - started).milliseconds,
                tokenClaims: Self.claimsSegment(request.headers[.authorization]), requestID: context.requestID, correlationID: context.correlationID,
                requestContentType: request.headers[.contentType], requestHeaders: request.headers, responseHeaders: response.headers,
                requestBody: JournalRedaction.kept(requestBody, contentType: request.headers[.contentType], truncated: truncated),
                responseBody: ByteBuffer(), truncated: truncated
            ))
        // Wrapped so the body's length is kept: the answer goes out exactly as it would have (no chunked encoding).
        let original = response.body
        let journal = journal
        response.body = ResponseBody(contentLength: original.contentLength) { writer in
            try await original.write(CapturingWriter(base: writer, journal: journal, sequence: sequence))
        }
        return response
    }

    /// The middle (claims) segment of a bearer JWT: unsigned, so no credential, and decoded only when shown.
    static func claimsSegment(_ authorization: String?) -> Substring? {
        guard let authorization, authorization.utf8.count <= 16_384, authorization.count > 7, authorization.prefix(7).lowercased() == "bearer " else {
            return nil
        }
        let parts = authorization.dropFirst(7).split(separator: ".", maxSplits: 3, omittingEmptySubsequences: false)
        return parts.count == 3 ? parts[1] : nil
    }

    /// The `tid` a claims segment carries, read without verifying it (the status says whether it was accepted).
    static func claimedTenant(_ segment: Substring?) -> String? {
        guard let segment, let data = Base64URL.decode(String(segment)), let claims = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let tid = claims["tid"] as? String, tid.count <= 64
        else { return nil }
        return tid
    }
}

/// What a handler read of a request's body, up to the journal's body limit.
final class BodyCapture: Sendable {
    private let state = Mutex((body: ByteBuffer(), truncated: false))

    func add(_ chunk: ByteBuffer) {
        state.withLock { state in
            if RequestJournal.append(chunk, to: &state.body) { state.truncated = true }
        }
    }

    var kept: (ByteBuffer, Bool) { state.withLock { ($0.body, $0.truncated) } }
}

/// A request body read through, each chunk shown to a ``BodyCapture`` on its way to the handler.
struct CapturingBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: HummingbirdCore.RequestBody
    let capture: BodyCapture

    func makeAsyncIterator() -> Iterator { Iterator(base: base.makeAsyncIterator(), capture: capture) }

    struct Iterator: AsyncIteratorProtocol {
        var base: HummingbirdCore.RequestBody.AsyncIterator
        let capture: BodyCapture

        mutating func next() async throws -> ByteBuffer? {
            guard let chunk = try await base.next() else { return nil }
            capture.add(chunk)
            return chunk
        }
    }
}

/// Passes an answer's body on unchanged and copies it into the journal entry as it goes.
struct CapturingWriter: ResponseBodyWriter {
    var base: any ResponseBodyWriter
    let journal: RequestJournal
    let sequence: Int

    mutating func write(_ buffer: ByteBuffer) async throws {
        journal.appendResponse(buffer, to: sequence)
        try await base.write(buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        try await base.finish(trailingHeaders)
    }
}

extension Duration {
    var milliseconds: Double { Double(components.seconds) * 1_000 + Double(components.attoseconds) / 1e15 }
}

import CommerceCore
import CommerceStore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Request idempotency for every POST, PUT, PATCH and DELETE (ARCHITECTURE decision 2, spec §6.3), on `/v1` (each
/// partner's ids apart) and on `/_admin` (the operator's, answers sealed under the admin key: `AnswerSeal`).
///
/// A request that carries `MS-RequestId` is recorded under (partner, request id) with a hash of its method,
/// path and body. The same request again gets the recorded answer, marked `MS-Idempotent-Replay: true`, and
/// nothing is executed twice; the same id on a different request is refused with 409.
///
/// A write keeps its answer in its own transaction (the handler passes `context.answering` to the store), so a
/// crash at any point leaves either the write and its answer, or neither: a retry then replays, or runs for the
/// first time. Two copies of one request racing on two nodes meet at the store, where the second waits for the
/// first and then replays its answer. Answers that wrote nothing (refusals) are kept afterwards; server
/// failures (5xx) are not kept, so a retry after one runs again.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = PartnerRequestContext
    let store: Store
    let clock: any CommerceClock
    let maxBodyBytes: Int
    /// Whose request ids these are.
    var scope: Scope = .partner

    enum Scope {
        /// `/v1`: the calling partner's.
        case partner
        /// `/_admin`: the operator's.
        case admin
    }

    /// Who owns the request's id, and how its answers are sealed; `nil` when nothing is recorded.
    func owner(_ context: Context) -> (id: String, seal: AnswerSeal?)? {
        switch scope {
        case .partner: context.identity.map { ($0.partnerTenantID, nil) }
        case .admin: context.adminKey.map { ("_admin", AnswerSeal(adminKey: $0, requestID: context.requestID)) }
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard [.post, .put, .patch, .delete].contains(request.method), context.clientSentRequestID, let owner = owner(context) else {
            return try await next(request, context)
        }
        // Authorization before replay: a caller who may not make this request gets the refusal it would get,
        // never the answer recorded for someone who could.
        if scope == .partner, PurchasingRoutes.contains(request.method, path: request.uri.path) {
            try PartnerRole.requirePurchasing(context.identity?.userRoles)
        }
        var request = request
        let body = try await RequestBody.collect(request, limit: maxBodyBytes)
        request.body = .init(buffer: body)
        let hash = Hex.encode(SHA256.hash(data: Data(body.readableBytesView)))
        let key = RequestKey(
            partnerID: owner.id, requestID: context.requestID, method: request.method.rawValue,
            path: request.uri.path.lowercased() + (request.uri.query.map { "?\($0)" } ?? ""), bodyHash: hash
        )
        do {
            // Cheap first look, without a lock: a plain retry of a finished request is answered at once.
            let recording = RequestRecording(key: key, seal: owner.seal)
            if let earlier = try await store.earlierAnswer(to: key) { return try recording.sent(earlier).response(replayed: true) }
            var context = context
            context.recording = recording
            let response: Response
            do {
                response = try await next(request, context)
            } catch StoreError.answeredBefore(let earlier) {
                // A twin of this request, on this node or another, committed first.
                return try recording.sent(earlier).response(replayed: true)
            } catch let error as StoreError where error == .requestIDReused(key.requestID) {
                throw error
            } catch {
                response = FaultMiddleware.response(for: error, request: request, context: context)
            }
            guard response.status.code < 500, !recording.isKept else { return response }
            // A refusal (nothing was written), or a route whose write does not keep its answer itself.
            let (bytes, answer) = try await Self.collect(response)
            let stored = try recording.stored(answer)
            let kept = try await store.keep(stored, for: key, at: clock.now())
            guard kept == stored else { return try recording.sent(kept).response(replayed: true) }
            var answered = response
            answered.body = .init(byteBuffer: bytes)
            return answered
        } catch StoreError.requestIDReused {
            throw HTTPFault(
                .conflictingRequest,
                "MS-RequestId \(context.requestID) was already used for a different request; send a new MS-RequestId for a new request.",
                data: ["MS-RequestId"]
            )
        } catch is AnswerSeal.Unopenable {
            throw HTTPFault(
                .conflictingRequest, "MS-RequestId \(context.requestID) was answered under another admin key; send a new MS-RequestId.",
                data: ["MS-RequestId"]
            )
        }
    }

    static func collect(_ response: Response) async throws -> (ByteBuffer, StoredResponse) {
        let box = CollectedBody()
        try await response.body.write(CollectingWriter(box: box))
        let headers = StoredResponse.kept.compactMap { name in response.headers[name].map { [name.rawName, $0] } }
        let stored = StoredResponse(status: Int(response.status.code), headers: headers, body: String(buffer: box.buffer))
        return (box.buffer, stored)
    }
}

/// Where ``CollectingWriter`` leaves the bytes (the writer itself is consumed by the body).
final class CollectedBody {
    var buffer = ByteBuffer()
}

/// A response body writer that keeps what it is given.
struct CollectingWriter: ResponseBodyWriter {
    let box: CollectedBody
    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        box.buffer.writeBuffer(&buffer)
    }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

import CommerceCore
import CommerceStore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Request idempotency for every POST, PUT and PATCH (ARCHITECTURE decision 2, spec §6.3).
///
/// A request that carries `MS-RequestId` is recorded under (partner, request id) with a hash of its method,
/// path and body. The same request again gets the stored response, marked `MS-Idempotent-Replay: true`, and
/// nothing is executed twice; the same id on a different request is refused with 409. Server failures (5xx)
/// are not kept, so a retry after one runs again.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = PartnerRequestContext
    let store: Store
    let clock: any CommerceClock
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard [.post, .put, .patch].contains(request.method), context.clientSentRequestID, let caller = context.identity else {
            return try await next(request, context)
        }
        var request = request
        let body = try await RequestBody.collect(request, limit: maxBodyBytes)
        request.body = .init(buffer: body)
        let hash = SHA256.hash(data: Data(body.readableBytesView)).map { String(format: "%02x", $0) }.joined()
        let path = request.uri.path.lowercased() + (request.uri.query.map { "?\($0)" } ?? "")
        let partner = caller.partnerTenantID
        let reservation = try await store.reserveRequest(
            partnerID: partner, requestID: context.requestID, method: request.method.rawValue, path: path, bodyHash: hash, at: clock.now()
        )
        switch reservation {
        case .replay(let stored):
            return Self.response(from: stored)
        case .mismatch:
            throw HTTPFault(
                .conflict, code: 800002,
                "MS-RequestId \(context.requestID) was already used for a different request; send a new MS-RequestId for a new request.",
                data: ["MS-RequestId"]
            )
        case .inProgress:
            throw HTTPFault(.conflict, code: 800002, "A request with MS-RequestId \(context.requestID) is still being processed.", data: ["MS-RequestId"])
        case .reserved:
            let response: Response
            do {
                response = try await next(request, context)
            } catch {
                response = FaultMiddleware.response(for: error, request: request, context: context)
            }
            guard response.status.code < 500 else {
                try? await store.releaseRequest(partnerID: partner, requestID: context.requestID)
                return response
            }
            let (bytes, replayable) = try await Self.collect(response)
            try await store.completeRequest(partnerID: partner, requestID: context.requestID, response: replayable)
            var answered = response
            answered.body = .init(byteBuffer: bytes)
            return answered
        }
    }

    /// The headers a replay repeats; the Partner Center ids are the new request's own.
    static let kept: [HTTPField.Name] = [.contentType, .location, .allow, .wwwAuthenticate]

    static func collect(_ response: Response) async throws -> (ByteBuffer, StoredResponse) {
        let box = CollectedBody()
        try await response.body.write(CollectingWriter(box: box))
        let headers = kept.compactMap { name in response.headers[name].map { [name.rawName, $0] } }
        let stored = StoredResponse(status: Int(response.status.code), headers: headers, body: String(buffer: box.buffer))
        return (box.buffer, stored)
    }

    static func response(from stored: StoredResponse) -> Response {
        var headers = HTTPFields()
        for pair in stored.headers where pair.count == 2 {
            if let name = HTTPField.Name(pair[0]) { headers[name] = pair[1] }
        }
        headers[.idempotentReplay] = "true"
        return Response(
            status: HTTPResponse.Status(code: stored.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: stored.body))
        )
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

import CommerceCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `partner-commerce replay`: answers each request from the fixtures (``ExchangeReplay``) with the recorded status,
/// headers and body, and an unmatched request with a Partner Center error body saying why (404, code 1000).
public struct ReplayResponder: HTTPResponder {
    public typealias Context = BasicRequestContext

    public let replay: ExchangeReplay
    let logger: Logger

    public init(replay: ExchangeReplay, logger: Logger) {
        self.replay = replay
        self.logger = logger
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: RecordingProxy.maxBodyBytes)
        } catch {
            return RecordingFault.response(.bodyTooLarge, "The request body is over \(RecordingProxy.maxBodyBytes) bytes.")
        }
        let outcome = replay.answer(
            method: request.method.rawValue, path: request.uri.string, body: Array(buffer: body), contentType: request.headers[.contentType]
        )
        switch outcome {
        case .unmatched(let reason):
            logger.warning("unmatched", metadata: ["request": "\(request.method.rawValue) \(request.uri.string)"])
            return RecordingFault.response(.notFound, reason)
        case .answer(let entry):
            logger.info("replayed", metadata: ["file": "\(entry.name)"])
            let recorded = entry.exchange.response
            var headers = HTTPFields()
            for (name, value) in recorded.headers.sorted(by: { $0.key < $1.key }) {
                if let fieldName = HTTPField.Name(name) { headers.append(HTTPField(name: fieldName, value: value)) }
            }
            headers[HTTPField.Name("X-Replayed-From")!] = entry.name
            let bytes = RecordedBody.bytes(json: recorded.body, text: recorded.bodyText)
            return Response(
                status: HTTPResponse.Status(code: recorded.status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}

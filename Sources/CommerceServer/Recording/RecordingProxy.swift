import AsyncHTTPClient
import CommerceCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import PartnerCenterModels
import Synchronization

/// `partner-commerce record`: passes every request to the upstream unchanged (its transport headers aside), answers
/// with the upstream's answer unchanged, and keeps the exchange, secrets masked, in the fixtures folder.
public final class RecordingProxy: HTTPResponder, Sendable {
    public typealias Context = BasicRequestContext

    /// The upstream's root, without a trailing slash: `https://api.partnercenter.microsoft.com`.
    let upstream: String
    let client: HTTPClient
    let folder: ExchangeFolder
    let logger: Logger
    /// Numbers exchanges in the order their requests arrive.
    private let counter: Mutex<Int>

    /// Bodies are collected whole to be kept; past this the request is refused (413) and nothing is forwarded.
    static let maxBodyBytes = 32 * 1024 * 1024
    static let upstreamTimeout = TimeAmount.seconds(300)

    public init(upstream: String, client: HTTPClient, folder: ExchangeFolder, logger: Logger) throws {
        var root = upstream
        while root.hasSuffix("/") { root.removeLast() }
        self.upstream = root
        self.client = client
        self.folder = folder
        self.logger = logger
        counter = Mutex(try folder.nextNumber())
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        let number = counter.withLock { value in
            defer { value += 1 }
            return value
        }
        let requestBody: ByteBuffer
        do {
            requestBody = try await request.body.collect(upTo: Self.maxBodyBytes)
        } catch {
            return RecordingFault.response(
                .bodyTooLarge, "The request body is over \(Self.maxBodyBytes) bytes; the recorder forwards nothing larger.")
        }
        let target = upstream + request.uri.string
        var forwarded = HTTPClientRequest(url: target)
        forwarded.method = HTTPMethod(rawValue: request.method.rawValue)
        for field in request.headers where !ExchangeRedaction.transportHeaders.contains(field.name.canonicalName) {
            forwarded.headers.add(name: field.name.rawName, value: field.value)
        }
        if requestBody.readableBytes > 0 || [.post, .put, .patch].contains(request.method) {
            forwarded.body = .bytes(requestBody)
        }
        let answer: HTTPClientResponse
        let answerBody: ByteBuffer
        do {
            answer = try await client.execute(forwarded, timeout: Self.upstreamTimeout)
            answerBody = try await answer.body.collect(upTo: Self.maxBodyBytes)
        } catch {
            logger.error(
                "the upstream did not answer", metadata: ["request": "\(request.method.rawValue) \(request.uri.string)", "error": "\(error)"])
            return RecordingFault.response(.upstreamUnreachable, "The recorder could not reach \(upstream): \(error). Nothing was recorded.")
        }
        var headers = HTTPFields()
        for (name, value) in answer.headers where !ExchangeRedaction.transportHeaders.contains(name.lowercased()) || name.lowercased() == "date" {
            if let fieldName = HTTPField.Name(name) { headers.append(HTTPField(name: fieldName, value: value)) }
        }
        let exchange = Self.exchange(
            request: request, requestBody: Array(buffer: requestBody), status: Int(answer.status.code),
            responseHeaders: answer.headers.map { ($0.name, $0.value) }, responseBody: Array(buffer: answerBody)
        )
        do {
            let name = try folder.write(exchange, number: number)
            logger.info("recorded", metadata: ["file": "\(name)", "status": "\(answer.status.code)"])
        } catch {
            // The client still gets its answer; the operator learns the recording has a gap.
            logger.error("could not keep an exchange", metadata: ["number": "\(number)", "error": "\(error)"])
        }
        return Response(status: HTTPResponse.Status(code: Int(answer.status.code)), headers: headers, body: ResponseBody(byteBuffer: answerBody))
    }

    /// The fixture for one exchange, secrets masked.
    static func exchange(
        request: Request, requestBody: [UInt8], status: Int, responseHeaders: [(String, String)], responseBody: [UInt8]
    ) -> RecordedExchange {
        let requestFields = request.headers.map { (name: $0.name.rawName, value: $0.value) }
        let sent = RecordedBody.split(ExchangeRedaction.body(requestBody, contentType: request.headers[.contentType]))
        let answered = RecordedBody.split(
            ExchangeRedaction.body(responseBody, contentType: responseHeaders.first { $0.0.lowercased() == "content-type" }?.1)
        )
        return RecordedExchange(
            request: .init(
                method: request.method.rawValue, path: request.uri.string, headers: ExchangeRedaction.headers(requestFields), body: sent.json,
                bodyText: sent.text
            ),
            response: .init(
                status: status, headers: ExchangeRedaction.headers(responseHeaders.map { (name: $0.0, value: $0.1) }), body: answered.json,
                bodyText: answered.text
            )
        )
    }
}

/// The recorder's and replayer's own refusals, as Partner Center error bodies.
enum RecordingFault {
    static func response(_ error: PartnerCenterErrorCode, _ description: String) -> Response {
        let status = HTTPResponse.Status(code: error.status)
        let fault = ApiFault(code: error.code, description: description, source: "PartnerCommerce")
        let body = (try? PartnerCenterJSON.encode(fault)).map { Data($0) } ?? Data()
        return Response(
            status: status, headers: [.contentType: JSONResponse.contentType], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}

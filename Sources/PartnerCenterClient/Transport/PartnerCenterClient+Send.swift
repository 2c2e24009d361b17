import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import PartnerCenterModels

extension PartnerCenterClient {
    /// The URL of `path` under `/v1` (webhook registration lives beside it, under `/webhooks/v1`), or `path` itself
    /// when it is already absolute (a `links.next.uri`).
    func url(_ path: String) -> String {
        if path.hasPrefix("https://") || path.hasPrefix("http://") { return path }
        let relative = path.hasPrefix("/") ? path : "/" + path
        let lowered = relative.lowercased()
        return lowered.hasPrefix("/v1/") || lowered.hasPrefix("/webhooks/") ? baseURL + relative : baseURL + "/v1" + relative
    }

    /// Whether `path` is relative, or an absolute URL under this client's API root (same scheme, host and port).
    func isOwnOrigin(_ path: String) -> Bool {
        guard path.hasPrefix("https://") || path.hasPrefix("http://") else { return true }
        return path.lowercased().hasPrefix(baseURL.lowercased() + "/")
    }

    /// Sends one call and decodes its answer.
    func send<Response: Decodable>(
        _ method: HTTPMethod, _ path: String, body: (some Encodable)? = Optional<String>.none, headers: [(String, String)] = [],
        requestID: String? = nil
    ) async throws -> Response {
        let encoded = try body.map { ByteBuffer(bytes: try PartnerCenterJSON.makeEncoder().encode($0)) }
        let answer = try await perform(method, path, body: encoded, headers: headers, requestID: requestID)
        do {
            return try PartnerCenterJSON.makeDecoder().decode(Response.self, from: answer.body)
        } catch {
            throw PartnerCenterError(
                kind: .unreadableResponse, status: answer.status, body: String(decoding: answer.body.prefix(4_000), as: UTF8.self),
                requestID: answer.requestID, correlationID: correlationID, attempts: answer.attempts, underlying: "\(error)"
            )
        }
    }

    /// A 2xx answer.
    struct Answer: Sendable {
        var status: Int
        var body: Data
        var requestID: String
        var attempts: Int
    }

    /// Sends a call, retrying as ``retry`` allows with the same `MS-RequestId`, until a 2xx answer or a final
    /// failure, thrown as ``PartnerCenterError`` (token failures as the provider throws them).
    func perform(_ method: HTTPMethod, _ path: String, body: ByteBuffer?, headers extra: [(String, String)], requestID given: String?) async throws
        -> Answer
    {
        let requestID = given ?? UUID().uuidString.lowercased()
        let target = url(path)
        let deadline = NIODeadline.now() + .milliseconds(Int64(retry.totalTimeout * 1_000))
        if let preview, !(previewSendsReads && method == .GET) {
            // The token placeholder stands where the token would: no token is fetched for a preview.
            let headers = try await self.headers(requestID: requestID, extra: extra, hasBody: body != nil, token: "[redacted]")
            let prepared = PreparedRequest(
                method: method.rawValue, url: target, headers: headers.map { ($0.name, $0.value) },
                body: body.map { String(buffer: $0) }
            )
            preview(prepared)
            throw RequestNotSent(request: prepared)
        }
        var attempt = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            var request = HTTPClientRequest(url: target)
            request.method = method
            request.headers = try await headers(requestID: requestID, extra: extra, hasBody: body != nil)
            request.body = body.map { .bytes($0) }
            let attemptDeadline = min(deadline, NIODeadline.now() + .milliseconds(Int64(retry.attemptTimeout * 1_000)))
            logger.debug(
                "sending",
                metadata: [
                    "method": "\(method.rawValue)", "url": "\(target)", "attempt": "\(attempt)", "headers": "\(Self.redacted(request.headers))",
                ]
            )
            let failure: PartnerCenterError
            let wait: Double
            switch try await self.attempt(request, number: attempt, requestID: requestID, deadline: attemptDeadline) {
            case .answered(let answer): return answer
            case .retryable(let error, let delay): (failure, wait) = (error, delay)
            }
            // A retry that could not finish in the call's time is not started.
            guard attempt < retry.maxAttempts, NIODeadline.now() + .milliseconds(Int64(wait * 1_000)) < deadline else { throw failure }
            logger.debug(
                "retrying", metadata: ["after-seconds": "\(wait)", "attempt": "\(attempt)", "ms-requestid": "\(requestID)", "reason": "\(failure)"])
            try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
        }
    }

    /// What one attempt came to.
    enum Outcome: Sendable {
        case answered(Answer)
        /// A failure another attempt may cure, and how long to wait first.
        case retryable(PartnerCenterError, wait: Double)
    }

    /// Sends one attempt; throws failures no retry can cure.
    func attempt(_ request: HTTPClientRequest, number attempt: Int, requestID: String, deadline: NIODeadline) async throws -> Outcome {
        let backOff = retry.backOff(after: attempt)
        let response: HTTPClientResponse
        let data: Data
        do {
            response = try await http.execute(request, deadline: deadline, logger: nil)
            data = Data(try await response.body.collect(upTo: 64 << 20).readableBytesView)
        } catch is NIOTooManyBytesError {
            // Another attempt would bring the same oversized answer: not retried.
            throw PartnerCenterError(
                kind: .unreadableResponse, requestID: requestID, correlationID: correlationID, attempts: attempt,
                underlying: "the answer is larger than 64 MiB"
            )
        } catch {
            if Task.isCancelled || error is CancellationError { throw CancellationError() }
            let failure = PartnerCenterError(
                kind: Self.isTimeout(error) ? .timeout : .network, requestID: requestID, correlationID: correlationID, attempts: attempt,
                underlying: String(describing: error)
            )
            return .retryable(failure, wait: backOff)
        }
        let status = Int(response.status.code)
        logger.debug("answered", metadata: ["status": "\(status)", "attempt": "\(attempt)", "ms-requestid": "\(requestID)"])
        if (200..<300).contains(status) { return .answered(Answer(status: status, body: data, requestID: requestID, attempts: attempt)) }
        // Only a sane number of seconds counts: a hostile or broken `Retry-After` falls back to the back-off.
        let retryAfter = response.headers.first(name: "Retry-After").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            .flatMap { $0.isFinite && $0 >= 0 && $0 <= 86_400 ? $0 : nil }
        let failure = PartnerCenterError(
            kind: .service, status: status, fault: Self.fault(in: data), body: String(decoding: data.prefix(4_000), as: UTF8.self),
            requestID: requestID, correlationID: correlationID, retryAfter: retryAfter, attempts: attempt
        )
        guard retry.retries(status: status) else { throw failure }
        return .retryable(failure, wait: retryAfter ?? backOff)
    }

    /// The headers the SDKs send on every call (clients-and-user-needs §2.1).
    func headers(requestID: String, extra: [(String, String)], hasBody: Bool, token: String? = nil) async throws -> HTTPHeaders {
        var headers = HTTPHeaders()
        var bearer = token ?? ""
        if token == nil { bearer = try await credentials.token() }
        headers.add(name: "Authorization", value: "Bearer \(bearer)")
        headers.add(name: "Accept", value: "application/json")
        headers.add(name: "MS-RequestId", value: requestID)
        headers.add(name: "MS-CorrelationId", value: correlationID)
        headers.add(name: "X-Locale", value: locale)
        headers.add(name: "MS-PartnerCenter-Client", value: "PartnerCommerce Swift SDK")
        headers.add(name: "MS-Contract-Version", value: "v1")
        if let applicationName { headers.add(name: "MS-PartnerCenter-Application", value: applicationName) }
        if hasBody { headers.add(name: "Content-Type", value: "application/json") }
        for (name, value) in extra { headers.replaceOrAdd(name: name, value: value) }
        return headers
    }

    /// The headers as a log line, the bearer token replaced.
    static func redacted(_ headers: HTTPHeaders) -> String {
        headers.map { name, value in name.lowercased() == "authorization" ? "\(name): Bearer [redacted]" : "\(name): \(value)" }
            .joined(separator: ", ")
    }

    static func fault(in data: Data) -> ApiFault? {
        guard let fault = try? PartnerCenterJSON.makeDecoder().decode(ApiFault.self, from: data), fault.code != 0 || !fault.description.isEmpty else {
            return nil
        }
        return fault
    }

    static func isTimeout(_ error: any Error) -> Bool {
        guard let error = error as? HTTPClientError else { return false }
        return [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(error)
    }
}

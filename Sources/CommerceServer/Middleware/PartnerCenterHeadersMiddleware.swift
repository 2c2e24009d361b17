import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Reads and answers the Partner Center request headers on every response, errors included (spec §6):
/// `MS-RequestId` and `MS-CorrelationId` echoed or generated, `MS-CV` extended, `MS-ServerId`, `X-Locale`.
struct PartnerCenterHeadersMiddleware: RouterMiddleware {
    typealias Context = PartnerRequestContext
    let serverID: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.requestID = Self.identifier(request.headers[.msRequestID])
        context.clientSentRequestID = context.requestID == request.headers[.msRequestID]
        context.correlationID = Self.identifier(request.headers[.msCorrelationID])
        context.locale = request.headers[.xLocale].flatMap { $0.isEmpty ? nil : $0 } ?? "en-US"
        context.logger[metadataKey: "ms-requestid"] = .string(context.requestID)
        context.logger[metadataKey: "ms-correlationid"] = .string(context.correlationID)

        var response = try await next(request, context)
        response.headers[.msRequestID] = context.requestID
        response.headers[.msCorrelationID] = context.correlationID
        response.headers[.msCV] = Self.correlationVector(request.headers[.msCV])
        response.headers[.msServerID] = serverID
        response.headers[.xLocale] = context.locale
        return response
    }

    /// The client's value if it sent a sensible one, else a new GUID. Values are bounded so a header cannot
    /// be used to inflate logs or responses.
    static func identifier(_ value: String?) -> String {
        if let value, !value.isEmpty, value.count <= 128, value.allSatisfy({ $0.isASCII && !$0.isWhitespace }) {
            return value
        }
        return UUID().uuidString.lowercased()
    }

    /// Extends the caller's correlation vector (`base.0`), or starts one, as Partner Center does.
    static func correlationVector(_ incoming: String?) -> String {
        if let incoming, !incoming.isEmpty, incoming.count <= 120, incoming.allSatisfy({ $0.isASCII && !$0.isWhitespace }) {
            return incoming + ".0"
        }
        let base = Data((0..<12).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        return base + ".0"
    }
}

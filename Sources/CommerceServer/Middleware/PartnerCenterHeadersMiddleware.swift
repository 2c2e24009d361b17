import CommerceCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PartnerCenterModels

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
        context.locale = Self.locale(request.headers[.xLocale])
        context.language = Translations.language(for: context.locale)
        context.logger[metadataKey: "ms-requestid"] = .string(context.requestID)
        context.logger[metadataKey: "ms-correlationid"] = .string(context.correlationID)

        var response = try await next(request, context)
        response.headers[.msRequestID] = context.requestID
        response.headers[.msCorrelationID] = context.correlationID
        response.headers[.msCV] = Self.correlationVector(request.headers[.msCV])
        response.headers[.msServerID] = serverID
        response.headers[.xLocale] = context.language
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

    /// The client's `X-Locale` if it is a well-formed language tag (`ja-JP`, `zh-Hant-TW`), else `en-US`: the value
    /// is echoed in every response and passed to the catalog, so nothing else gets through.
    static func locale(_ value: String?) -> String {
        guard let value = value?.trimmingWhitespace(), (2...35).contains(value.count) else { return "en-US" }
        let subtags = value.split(separator: "-", omittingEmptySubsequences: false)
        let wellFormed =
            subtags.allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
            && subtags[0].count >= 2 && subtags[0].allSatisfy(\.isLetter)
        return wellFormed ? value : "en-US"
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

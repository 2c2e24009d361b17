import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A refusal from the token endpoint, written as Entra ID writes it (`error`, `error_description` starting with
/// the `AADSTS` code, `error_codes`, …) rather than as a Partner Center ApiFault: OAuth libraries parse this shape.
struct OAuthError: Error, Sendable {
    var status: HTTPResponse.Status
    /// The RFC 6749 error code, e.g. `invalid_client`.
    var error: String
    /// Entra's numeric `AADSTS` code.
    var code: Int
    var message: String

    static func invalidRequest(_ code: Int, _ message: String) -> Self {
        Self(status: .badRequest, error: "invalid_request", code: code, message: message)
    }
    static func invalidGrant(_ code: Int, _ message: String) -> Self {
        Self(status: .badRequest, error: "invalid_grant", code: code, message: message)
    }
    static func invalidScope(_ message: String) -> Self { Self(status: .badRequest, error: "invalid_scope", code: 70011, message: message) }

    /// A required form parameter is missing.
    static func missing(_ parameter: String) -> Self {
        .invalidRequest(900144, "The request body must contain the following parameter: '\(parameter)'.")
    }

    /// The client id names no app of the tenant (Entra's wording of an unknown or foreign app).
    static func unknownClient(_ clientID: String, tenant: String) -> Self {
        Self(
            status: .badRequest, error: "unauthorized_client", code: 700016,
            message: "Application with identifier '\(clientID)' was not found in the directory '\(tenant)'."
        )
    }

    /// Too many token requests from one client id or address, or too many password hashes queued: Entra's
    /// throttling answer, with `Retry-After`. MSAL and azure-identity wait and retry on it.
    static func throttled(retryAfter seconds: Int) -> Self {
        var error = Self(
            status: .tooManyRequests, error: "temporarily_unavailable", code: 90055,
            message: "The number of requests has exceeded the throttling threshold. Retry after \(seconds) seconds."
        )
        error.retryAfter = seconds
        return error
    }

    /// Seconds for `Retry-After`, on throttling answers.
    var retryAfter: Int?

    /// The client secret is wrong (401, as Entra answers `invalid_client`).
    /// A refusal of the credentials themselves (a wrong password or secret, an unknown, disabled or locked
    /// account, a bad grant), which draws from the address's failed sign-in budget; a malformed request does not.
    var isFailedSignIn: Bool { error == "invalid_grant" || error == "invalid_client" }

    static let invalidSecret = Self(status: .unauthorized, error: "invalid_client", code: 7_000_215, message: "Invalid client secret provided.")

    /// The response body and headers. `correlationID` echoes the client's `client-request-id` when sent.
    func response(now: Date, traceID: String, correlationID: String) -> Response {
        let body: [String: any Sendable] = [
            "error": error,
            "error_description": "AADSTS\(code): \(message) Trace ID: \(traceID) Correlation ID: \(correlationID) Timestamp: \(Self.timestamp(now))",
            "error_codes": [code],
            "timestamp": Self.timestamp(now),
            "trace_id": traceID,
            "correlation_id": correlationID,
            "error_uri": "https://login.microsoftonline.com/error?code=\(code)",
        ]
        var response = TokenResponseBody.json(body, status: status)
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss'Z'"
        return formatter.string(from: date)
    }
}

/// JSON for the OAuth and discovery endpoints: never cached, because it carries tokens.
enum TokenResponseBody {
    static func json(_ object: [String: any Sendable], status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: JSONResponse.contentType, .cacheControl: "no-store, no-cache"]
        headers[HTTPField.Name("Pragma")!] = "no-cache"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

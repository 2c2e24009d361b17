import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PartnerCenterModels

/// The parameters of a token request: the form body (`application/x-www-form-urlencoded`), plus the client
/// credentials of an HTTP Basic `Authorization` header (`client_secret_basic`, which some OAuth libraries use).
struct TokenRequest: Sendable {
    /// Largest form body read; token requests are a few hundred bytes.
    static let maxBodyBytes = 64 * 1024

    var parameters: [String: String]

    subscript(_ name: String) -> String? {
        parameters[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Reads the request. Names are matched in lower case (clients are sloppy); the first of a repeated name wins.
    static func read(_ request: Request) async throws(OAuthError) -> TokenRequest {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBodyBytes)
        } catch {
            throw OAuthError.invalidRequest(900144, "The request body is larger than \(maxBodyBytes) bytes.")
        }
        var parameters = OAuthForm.parse(String(buffer: buffer))
        if let basic = OAuthForm.basicCredentials(request.headers[.authorization]) {
            parameters["client_id"] = parameters["client_id"] ?? basic.id
            parameters["client_secret"] = parameters["client_secret"] ?? basic.secret
        }
        return TokenRequest(parameters: parameters)
    }
}

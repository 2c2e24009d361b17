import ArgumentParser
import Foundation
import PartnerCenterClient
import PartnerCenterModels

/// How a client command ends when it does not succeed, with the exit code scripts rely on.
struct ClientFailure: Error, CustomStringConvertible {
    /// 2 usage, 3 partial checkout, 4 API error, 5 network or timeout.
    let code: Int32
    let description: String

    static func usage(_ message: String) -> Self { Self(code: 2, description: "error: \(message)") }
    static let partialCheckout: Int32 = 3

    /// The exit code and message for any error a client command can meet; `nil` for ArgumentParser's own.
    init?(_ error: any Error) {
        switch error {
        case let error as ClientFailure:
            self = error
        case let error as PartnerCenterError:
            let code: Int32 = error.kind == .network || error.kind == .timeout ? 5 : 4
            var first: String
            switch error.kind {
            case .service: first = "HTTP \(error.status ?? 0)" + (error.fault.map { ", code \($0.code): \($0.description)" } ?? ": \(error.message)")
            case .network: first = "network failure after \(error.attempts) attempt(s): \(error.message)"
            case .timeout: first = "no answer in time after \(error.attempts) attempt(s): \(error.message)"
            case .unreadableResponse: first = "unreadable answer\(error.status.map { " (HTTP \($0))" } ?? ""): \(error.message)"
            }
            var lines = ["error: " + first]
            // What the fault's data names (the cart's failing lines on 800009, the property at fault): what to fix.
            for item in error.fault?.data.prefix(50) ?? [] { lines.append("  " + item) }
            if !error.requestID.isEmpty { lines.append("MS-RequestId: \(error.requestID)") }
            if !error.correlationID.isEmpty { lines.append("MS-CorrelationId: \(error.correlationID)") }
            if let retryAfter = error.retryAfter { lines.append("Retry-After: \(Int(retryAfter.rounded(.up))) s") }
            self.init(code: code, description: lines.joined(separator: "\n"))
        case let error as TokenRequestError:
            let codes = error.codes.map { "AADSTS\($0)" }.joined(separator: ", ")
            self.init(
                code: 4,
                description: "error: sign-in refused (HTTP \(error.status), \(error.error)\(codes.isEmpty ? "" : ", \(codes)")): \(error.description)"
            )
        case let error as IncompleteCheckoutError:
            self.init(code: Self.partialCheckout, description: "error: \(error)")
        default:
            return nil
        }
    }

    init(code: Int32, description: String) {
        self.code = code
        self.description = description
    }
}

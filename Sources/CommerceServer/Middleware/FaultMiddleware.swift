import CommerceCore
import CommerceStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PartnerCenterModels

/// Turns every failure into Partner Center's `ApiFault` JSON with its documented status (ARCHITECTURE
/// decision 4): our own faults, rule refusals, Hummingbird's routing errors and anything unexpected, which
/// becomes a 500 whose details go to the log, never to the client.
struct FaultMiddleware: RouterMiddleware {
    typealias Context = PartnerRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return Self.response(for: error, request: request, context: context)
        }
    }

    /// The ApiFault response for any error; unexpected ones are logged with their details first.
    static func response(for error: any Error, request: Request, context: Context) -> Response {
        let fault = Self.fault(for: error, request: request, context: context)
        if fault.status == .internalServerError {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
        }
        return Self.response(for: fault, language: context.language)
    }

    /// The fault's response, its description written in `language`.
    static func response(for fault: HTTPFault, language: String) -> Response {
        do {
            return try JSONResponse.make(fault.fault(in: language), status: fault.status, headers: fault.headers)
        } catch {
            // Encoding an ApiFault cannot fail; should it ever, the client still gets JSON.
            return JSONResponse.bytes(
                Data(#"{"code":800003,"description":"Unexpected service error.","data":[],"source":"PartnerFD"}"#.utf8), status: .internalServerError)
        }
    }

    static func fault(for error: any Error, request: Request, context: Context) -> HTTPFault {
        switch error {
        case let fault as HTTPFault:
            return fault
        case let error as CommerceError:
            return HTTPFault(error)
        case let error as StoreError:
            return HTTPFault(error)
                ?? HTTPFault(
                    .unexpected, "Unexpected service error. Quote MS-RequestId \(context.requestID) when reporting it.")
        case let error as DecodingError:
            return RequestBody.fault(for: error)
        case let error as HTTPError:
            switch error.status {
            case .notFound:
                return .notFound("The resource '\(request.uri.path)' was not found.")
            case .contentTooLarge:
                return HTTPFault(.bodyTooLarge, "The request body is too large.")
            case let status where status.code < 500:
                return HTTPFault(status, error: .invalidInput, "The request is not valid: \(error.body ?? status.reasonPhrase)")
            default:
                return HTTPFault(.unexpected, "Unexpected service error.")
            }
        default:
            return HTTPFault(
                .unexpected, "Unexpected service error. Quote MS-RequestId \(context.requestID) when reporting it.")
        }
    }
}

import CommerceCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PartnerCenterModels

/// Reads request bodies the way the house rules ask: bounded, JSON only, and every failure an `ApiFault`
/// that names what was wrong.
public enum RequestBody {
    /// Collects the body, refusing more than `limit` bytes with 413.
    public static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw HTTPFault(.bodyTooLarge, "The request body is larger than \(limit) bytes.")
        }
    }

    /// Decodes a JSON body into `T`, leniently (spec §1), or throws a 400/415 `ApiFault`.
    public static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        guard let value = try await decodeIfPresent(type, from: request, limit: limit) else {
            throw HTTPFault.badRequest("The request body is empty; a JSON \(String(describing: T.self)) is required.")
        }
        return value
    }

    /// The same, but an empty body (or only whitespace) is `nil`: for operations whose every member is optional.
    public static func decodeIfPresent<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T? {
        try requireJSONContentType(request)
        let buffer = try await collect(request, limit: limit)
        // Only no bytes at all is no body: whitespace alone is not JSON, and is refused like any other text.
        guard buffer.readableBytes > 0 else { return nil }
        do {
            try JSONBounds.requests.check(buffer.readableBytesView)
        } catch .tooDeep(let limit) {
            throw HTTPFault.badRequest("The request body nests objects and arrays more than \(limit) levels deep.")
        } catch .stringTooLong(let limit) {
            throw HTTPFault.badRequest("A string in the request body is longer than \(limit) bytes.")
        } catch .tooManyElements(let limit) {
            throw HTTPFault.badRequest("An array or object in the request body has more than \(limit) elements.")
        }
        do {
            return try PartnerCenterJSON.decodeRequest(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw fault(for: error)
        }
    }

    /// 415 for a body declared as something other than JSON. Missing, `text/plain` and curl's default
    /// `application/x-www-form-urlencoded` are read as JSON: scripts often send JSON under those.
    static func requireJSONContentType(_ request: Request) throws {
        guard let value = request.headers[.contentType] else { return }
        let mediaType = value.split(separator: ";").first.map { $0.trimmingWhitespace().lowercased() } ?? ""
        let accepted = ["", "application/json", "text/json", "text/plain", "application/x-www-form-urlencoded"]
        guard accepted.contains(mediaType) || mediaType.hasSuffix("+json") else {
            throw HTTPFault(.unsupportedMediaType, "Content-Type '\(value)' is not supported; send application/json.")
        }
    }

    /// A decoding error as Partner Center reports bad input: 800002 for malformed JSON, 3000 naming the
    /// property whose value has the wrong type.
    static func fault(for error: DecodingError) -> HTTPFault {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return .badRequest("The request body is not valid JSON.")
        case .dataCorrupted(let context):
            let path = propertyPath(context.codingPath)
            return HTTPFault(.invalidProperty, "Invalid value for property '\(path)': \(context.debugDescription)", data: [path])
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            return .badRequest("The request body must be a JSON object.")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let path = propertyPath(context.codingPath)
            return HTTPFault(.invalidProperty, "Invalid value for property '\(path)': expected \(describe(type)).", data: [path])
        case .keyNotFound(let key, let context):
            let path = propertyPath(context.codingPath + [key])
            return HTTPFault(.invalidProperty, "The property '\(path)' is required.", data: [path])
        @unknown default:
            return .badRequest("The request body could not be read.")
        }
    }

    /// `lineItems[2].quantity` from a coding path.
    static func propertyPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "\(type)"
        }
    }
}

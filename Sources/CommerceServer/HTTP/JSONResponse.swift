import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PartnerCenterModels

/// Builds JSON responses exactly as Partner Center writes them: camelCase, its dates, `charset=utf-8`.
public enum JSONResponse {
    /// The content type of every JSON response.
    public static let contentType = "application/json; charset=utf-8"

    /// Encodes `value` as the body of a response with `status`.
    public static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        try bytes(encode(value), status: status, headers: headers)
    }

    /// `value` as the JSON bytes of a response body.
    static func encode(_ value: some Encodable) throws -> Data {
        Data(try PartnerCenterJSON.encode(value))
    }

    /// A collection whose items are already wire JSON (stored bodies): `envelope` (a collection with no items)
    /// is encoded, and the items are put between its `"items":[` and `]` as they are. The store keeps bodies in
    /// the same canonical encoding this type writes, so the bytes are those decoding and encoding would give.
    /// The same with the items already written as one JSON array (`[…]`), in the canonical encoding.
    static func collection(_ envelope: some Encodable, array: [UInt8], status: HTTPResponse.Status = .ok) throws -> Response {
        let encoded = try encode(envelope)
        let empty = Data(#""items":[]"#.utf8)
        guard let range = encoded.range(of: empty) else { throw CollectionWithoutItems() }
        var body = Data(capacity: encoded.count + array.count)
        body.append(encoded[..<range.lowerBound])
        body.append(contentsOf: #""items":"#.utf8)
        body.append(contentsOf: array)
        body.append(encoded[range.upperBound...])
        return bytes(body, status: status)
    }

    static func collection(_ envelope: some Encodable, items: [String], status: HTTPResponse.Status = .ok) throws -> Response {
        let encoded = try encode(envelope)
        let empty = Data(#""items":[]"#.utf8)
        // Cannot fail for a ResourceCollection; an unknown error still answers 500 with a Partner Center body.
        guard let range = encoded.range(of: empty) else { throw CollectionWithoutItems() }
        var body = Data(capacity: encoded.count + items.reduce(0) { $0 + $1.utf8.count + 1 })
        body.append(encoded[..<range.lowerBound])
        body.append(contentsOf: #""items":["#.utf8)
        for (index, item) in items.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(contentsOf: item.utf8)
        }
        body.append(UInt8(ascii: "]"))
        body.append(encoded[range.upperBound...])
        return bytes(body, status: status)
    }

    /// A response whose body is already-encoded JSON.
    public static func bytes(_ data: Data, status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = contentType
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The envelope given to `JSONResponse.collection` had no empty `items` array to fill.
struct CollectionWithoutItems: Error {}

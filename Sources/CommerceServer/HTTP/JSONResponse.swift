import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PartnerCenterModels

/// Builds JSON responses exactly as Partner Center writes them: camelCase, its dates, `charset=utf-8`.
public enum JSONResponse {
    /// The content type of every JSON response.
    public static let contentType = "application/json; charset=utf-8"

    private static let encoder = PartnerCenterJSON.makeEncoder()

    /// Encodes `value` as the body of a response with `status`.
    public static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        try bytes(encode(value), status: status, headers: headers)
    }

    /// `value` as the JSON bytes of a response body.
    static func encode(_ value: some Encodable) throws -> Data {
        try encoder.encode(value)
    }

    /// A response whose body is already-encoded JSON.
    public static func bytes(_ data: Data, status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = contentType
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

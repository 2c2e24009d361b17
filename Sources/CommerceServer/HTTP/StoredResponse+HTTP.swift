import CommerceStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

extension StoredResponse {
    /// The headers a stored answer repeats; the Partner Center ids are the new request's own.
    static let kept: [HTTPField.Name] = [.contentType, .location, .allow, .wwwAuthenticate]

    /// A JSON answer, encoded as Partner Center writes it (`JSONResponse`).
    static func json(_ value: some Encodable, status: HTTPResponse.Status, headers: HTTPFields = [:]) throws -> StoredResponse {
        try bytes(JSONResponse.encode(value), status: status, headers: headers)
    }

    /// An answer whose body is already-encoded JSON.
    static func bytes(_ data: Data, status: HTTPResponse.Status, headers: HTTPFields = [:]) -> StoredResponse {
        var fields = headers
        fields[.contentType] = JSONResponse.contentType
        let pairs = kept.compactMap { name in fields[name].map { [name.rawName, $0] } }
        return StoredResponse(status: Int(status.code), headers: pairs, body: String(decoding: data, as: UTF8.self))
    }

    /// The HTTP response; `replayed` marks a repeat with `MS-Idempotent-Replay: true`.
    func response(replayed: Bool = false) -> Response {
        var headers = HTTPFields()
        for pair in self.headers where pair.count == 2 {
            if let name = HTTPField.Name(pair[0]) { headers[name] = pair[1] }
        }
        if replayed { headers[.idempotentReplay] = "true" }
        return Response(status: HTTPResponse.Status(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

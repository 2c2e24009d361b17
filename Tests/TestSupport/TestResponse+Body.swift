import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

extension TestResponse {
    /// The body as text.
    public var text: String { String(buffer: body) }

    /// The body as a JSON object; fails the test when it is not one.
    public func json(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any], "body is not a JSON object: \(text)", sourceLocation: sourceLocation)
    }

    /// Asserts the body is Partner Center's ApiFault with this status and code, and returns it.
    @discardableResult
    public func expectFault(_ status: HTTPResponse.Status, code: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(self.status == status, "\(text)", sourceLocation: sourceLocation)
        #expect(headers[.contentType] == "application/json; charset=utf-8", sourceLocation: sourceLocation)
        let body = try json(sourceLocation: sourceLocation)
        #expect(body["code"] as? Int == code, "\(text)", sourceLocation: sourceLocation)
        #expect((body["description"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(body["data"] is [Any], sourceLocation: sourceLocation)
        #expect(body["source"] as? String == "PartnerFD", sourceLocation: sourceLocation)
        #expect(Set(body.keys) == ["code", "description", "data", "source"], sourceLocation: sourceLocation)
        return body
    }
}

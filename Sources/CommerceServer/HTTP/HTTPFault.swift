import CommerceCore
import HTTPTypes
import Hummingbird
import PartnerCenterModels

/// A failure on its way to the wire: an HTTP status and the Partner Center `ApiFault` body (spec §7).
public struct HTTPFault: Error, Sendable {
    public var status: HTTPResponse.Status
    public var fault: ApiFault
    /// Extra response headers, such as `WWW-Authenticate` or `Allow`.
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, code: Int, _ description: String, data: [String] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.fault = ApiFault(code: code, description: description, data: data)
        self.headers = headers
    }

    /// A rule's refusal, with the status its kind documents.
    public init(_ error: CommerceError) {
        let status: HTTPResponse.Status =
            switch error.kind {
            case .invalidInput: .badRequest
            case .unauthorized: .unauthorized
            case .forbidden: .forbidden
            case .notFound: .notFound
            case .conflict: .conflict
            case .internalFailure: .internalServerError
            }
        self.init(status, code: error.code, error.description, data: error.data)
    }

    /// 400 / 800002: the request is not valid input.
    public static func badRequest(_ description: String, data: [String] = []) -> HTTPFault {
        HTTPFault(.badRequest, code: 800002, description, data: data)
    }

    /// 404 with a Partner Center code.
    public static func notFound(_ description: String, code: Int = 1000) -> HTTPFault {
        HTTPFault(.notFound, code: code, description)
    }

    /// 401 with the challenge Partner Center sends (spec §9).
    public static func unauthorized(_ description: String, code: Int = 400) -> HTTPFault {
        HTTPFault(.unauthorized, code: code, description, headers: [.wwwAuthenticate: "OAuth realm=urn:cpsvc:cpid:\(partnerCenterAppID)"])
    }

    /// The application id of the Partner Center API in Entra ID; its realm names it.
    static let partnerCenterAppID = "fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd"
}

import CommerceCore
import HTTPTypes
import Hummingbird
import PartnerCenterModels

/// A failure on its way to the wire: an HTTP status and the Partner Center `ApiFault` body (spec §7).
public struct HTTPFault: Error, Sendable {
    public var status: HTTPResponse.Status
    /// The body, its description in English.
    public var fault: ApiFault
    /// The description, to be written in the caller's language (`fault(in:)`).
    public var message: LocalizedText
    /// Extra response headers, such as `WWW-Authenticate` or `Allow`.
    public var headers: HTTPFields

    /// A refusal with a catalogued error's code and status (``PartnerCenterErrorCode``).
    public init(_ error: PartnerCenterErrorCode, _ message: LocalizedText, data: [String] = [], headers: HTTPFields = [:]) {
        self.init(HTTPResponse.Status(code: error.status), code: error.code, message, data: data, headers: headers)
    }

    /// A catalogued error's code under another status: a request refused before it reached a route, whose status
    /// the HTTP layer chose.
    public init(_ status: HTTPResponse.Status, error: PartnerCenterErrorCode, _ message: LocalizedText) {
        self.init(status, code: error.code, message)
    }

    private init(_ status: HTTPResponse.Status, code: Int, _ message: LocalizedText, data: [String] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.fault = ApiFault(code: code, description: message.description, data: data)
        self.message = message
        self.headers = headers
    }

    /// The body with its description in `language` (one of `Translations.languages`).
    public func fault(in language: String) -> ApiFault {
        var fault = self.fault
        fault.description = Translations.render(message, in: language)
        return fault
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
        self.init(status, code: error.code, error.message, data: error.data)
    }

    /// 400 / 800002: the request is not valid input.
    public static func badRequest(_ message: LocalizedText, data: [String] = []) -> HTTPFault {
        HTTPFault(.invalidInput, message, data: data)
    }

    /// 404 / 1000: no such resource.
    public static func notFound(_ message: LocalizedText) -> HTTPFault {
        HTTPFault(.notFound, message)
    }

    /// 401 with the challenge Partner Center sends (spec §9): ``PartnerCenterErrorCode/accessDenied`` for a token
    /// refused, ``PartnerCenterErrorCode/tokenMissing`` for none.
    public static func unauthorized(_ message: LocalizedText, error: PartnerCenterErrorCode = .accessDenied) -> HTTPFault {
        HTTPFault(error, message, headers: [.wwwAuthenticate: "OAuth realm=urn:cpsvc:cpid:\(partnerCenterAppID)"])
    }

    /// The application id of the Partner Center API in Entra ID; its realm names it.
    static let partnerCenterAppID = "fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd"
}

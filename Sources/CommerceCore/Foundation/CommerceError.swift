/// A rule said no. Carries Partner Center's numeric code and a description; the server turns `kind` into
/// the documented HTTP status (spec §7).
public struct CommerceError: Error, Equatable, Sendable {
    /// What sort of refusal this is; each maps to one HTTP status.
    public enum Kind: Sendable, Equatable {
        case invalidInput, unauthorized, forbidden, notFound, conflict, internalFailure
    }

    public var kind: Kind
    public var code: Int
    /// What went wrong, to be written in the caller's language.
    public var message: LocalizedText
    /// Extra detail for `ApiFault.data`, e.g. the offending property path.
    public var data: [String]

    /// The message in English (logs, the CLI).
    public var description: String { message.description }

    /// A refusal with the code and status of a catalogued Partner Center error (``PartnerCenterErrorCode``).
    public init(_ error: PartnerCenterErrorCode, _ message: LocalizedText, data: [String] = []) {
        kind = error.kind
        code = error.code
        self.message = message
        self.data = data
    }

    /// 400 / 3000: a property has a value we cannot accept; `data` names the property.
    public static func invalidProperty(_ path: String, _ message: LocalizedText) -> Self {
        Self(.invalidProperty, message, data: [path])
    }

    /// 400 / 800002: the request as a whole is not valid input.
    public static func invalidRequest(_ message: LocalizedText, data: [String] = []) -> Self {
        Self(.invalidInput, message, data: data)
    }
}

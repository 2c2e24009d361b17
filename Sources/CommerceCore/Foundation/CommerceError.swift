/// A rule said no. Carries Partner Center's numeric code and a description; the server turns `kind` into
/// the documented HTTP status (spec §7).
public struct CommerceError: Error, Equatable, Sendable {
    /// What sort of refusal this is; each maps to one HTTP status.
    public enum Kind: Sendable, Equatable {
        case invalidInput, unauthorized, forbidden, notFound, conflict, internalFailure
    }

    public var kind: Kind
    public var code: Int
    public var description: String
    /// Extra detail for `ApiFault.data`, e.g. the offending property path.
    public var data: [String]

    public init(_ kind: Kind, code: Int, _ description: String, data: [String] = []) {
        self.kind = kind
        self.code = code
        self.description = description
        self.data = data
    }

    /// 400 / 3000: a property has a value we cannot accept; `data` names the property.
    public static func invalidProperty(_ path: String, _ description: String) -> Self {
        Self(.invalidInput, code: 3000, description, data: [path])
    }

    /// 400 / 800002: the request as a whole is not valid input.
    public static func invalidRequest(_ description: String, data: [String] = []) -> Self {
        Self(.invalidInput, code: 800002, description, data: data)
    }
}

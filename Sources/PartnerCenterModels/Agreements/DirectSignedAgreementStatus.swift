/// Whether the customer itself accepted the Microsoft Customer Agreement in the admin center
/// (`GET /v1/customers/{id}/directSignedMicrosoftCustomerAgreementStatus`).
public struct DirectSignedAgreementStatus: Codable, Hashable, Sendable {
    public var isSigned: Bool

    public init(isSigned: Bool) {
        self.isSigned = isSigned
    }
}

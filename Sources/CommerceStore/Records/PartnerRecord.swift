import Foundation

/// A partner tenant: the owner of customers, carts and orders, identified by the `tid` of its tokens.
public struct PartnerRecord: Sendable, Equatable {
    public var tenantID: String
    public var name: String
    public var mpnID: String?
    /// When set, the partner can neither get nor use tokens.
    public var disabledAt: Date?
    /// Whether purchases for its customers need the Microsoft Customer Agreement (on unless the operator turned it off).
    public var agreementGate: Bool

    public init(tenantID: String, name: String, mpnID: String? = nil, disabledAt: Date? = nil, agreementGate: Bool = true) {
        self.tenantID = tenantID.lowercased()
        self.name = name
        self.mpnID = mpnID
        self.disabledAt = disabledAt
        self.agreementGate = agreementGate
    }

    public var isDisabled: Bool { disabledAt != nil }
}

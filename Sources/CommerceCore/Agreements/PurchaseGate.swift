/// The customer-agreement gate (billing spec §1): a new purchase or a seat increase needs the customer's
/// acceptance of the Microsoft Customer Agreement, confirmed by its partner or signed by the customer.
/// Renewals and decreases are not purchases and pass. A Cloud Agreement alone does not pass.
public struct PurchaseGate: Sendable, Equatable {
    /// Whether the customer accepted the Microsoft Customer Agreement.
    public var customerAgreed: Bool
    /// Whether the partner has the gate on (the default; the control plane can turn it off for older flows).
    public var enforced: Bool

    public init(customerAgreed: Bool, enforced: Bool = true) {
        self.customerAgreed = customerAgreed
        self.enforced = enforced
    }

    /// A gate that lets everything through (rules checked without a customer, e.g. a cart being edited).
    public static let open = PurchaseGate(customerAgreed: true)

    /// Refuses a purchase (403 / 13605) when the customer has not accepted and the gate is on.
    public func requireAgreement() throws(CommerceError) {
        guard enforced, !customerAgreed else { return }
        throw CommerceError(
            .noCustomerAgreement,
            "Either a partner confirmation of the customer acceptance of the Microsoft Customer Agreement must be provided or the customer must accept the Microsoft Customer Agreement in the Microsoft Admin Center before you can complete this purchase."
        )
    }
}

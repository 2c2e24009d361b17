/// The Partner Center agent roles a partner user can hold. Admin and sales agents may buy; a helpdesk agent
/// may read and support, not buy.
public enum PartnerRole: String, CaseIterable, Sendable {
    case adminAgent = "AdminAgent"
    case salesAgent = "SalesAgent"
    case helpdeskAgent = "HelpdeskAgent"

    /// Reads `AdminAgent`, `admin-agent`, `admin_agent` or `Admin Agent`, in any case.
    public init?(lenient text: String) {
        let folded = text.lowercased().filter { $0.isLetter }
        guard let role = Self.allCases.first(where: { $0.rawValue.lowercased() == folded }) else { return nil }
        self = role
    }

    /// Roles allowed to create and change carts and to check them out.
    static let purchasing: Set<PartnerRole> = [.adminAgent, .salesAgent]
}

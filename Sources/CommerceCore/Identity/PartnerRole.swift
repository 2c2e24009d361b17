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

    /// Buying (cart writes, checkout) needs an admin or sales agent; App-only callers (`roles == nil`) act with
    /// the app's full rights. Throws 403 / 900150 otherwise.
    public static func requirePurchasing(_ roles: Set<PartnerRole>?) throws {
        guard let roles, roles.isDisjoint(with: purchasing) else { return }
        throw CommerceError(
            .roleNotAllowed, "The user's role does not grant this operation; an admin agent or a sales agent can create carts and check them out."
        )
    }
}

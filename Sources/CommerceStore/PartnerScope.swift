import SQLKit

/// Whose rows a background pass works on: a partner with a clock of its own is worked on at its own time, every
/// other partner at the server's (`ClockScope`).
public enum PartnerScope: Sendable, Equatable {
    case all
    case only(String)
    case allBut([String])

    /// The scopes a pass runs, each with whose time it reads: each partner with its own clock, then everyone else.
    public static func passes(partnersWithClocks partners: [String]) -> [(scope: PartnerScope, partner: String?)] {
        guard !partners.isEmpty else { return [(.all, nil)] }
        return partners.map { (.only($0), $0) } + [(.allBut(partners), nil)]
    }

    /// ` AND partner_id …` for a raw statement's `WHERE`, nothing for every partner.
    var condition: SQLQueryString {
        switch self {
        case .all: SQLQueryString("")
        case .only(let partner): " AND partner_id = \(bind: partner)"
        case .allBut(let partners) where partners.isEmpty: SQLQueryString("")
        case .allBut(let partners): " AND partner_id NOT IN (\(binds: partners))"
        }
    }
}

extension SQLPredicateBuilder {
    /// Only the rows of the partners `scope` names.
    func partners(_ scope: PartnerScope) -> Self {
        switch scope {
        case .all: self
        case .only(let partner): self.where("partner_id", .equal, partner)
        case .allBut(let partners) where partners.isEmpty: self
        case .allBut(let partners): self.where("partner_id", .notIn, partners)
        }
    }
}

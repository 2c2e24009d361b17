import CommerceCore
import CommerceStore
import Foundation

extension CommerceClock {
    /// The scopes a background pass runs, each with the partner whose ``ClockScope`` it runs in: each partner with
    /// a clock of its own at its own time, everyone else at the server's.
    var passes: [(scope: PartnerScope, partner: String?)] {
        PartnerScope.passes(partnersWithClocks: (self as? TravellingClock)?.partnersWithClocks ?? [])
    }

    /// The scope a settle for `partner` works on: that partner's rows when it has a clock of its own, otherwise every
    /// partner's that has none.
    func settleScope(partner: String?) -> PartnerScope {
        let own = (self as? TravellingClock)?.partnersWithClocks ?? []
        if let partner, own.contains(partner.lowercased()) { return .only(partner.lowercased()) }
        return .allBut(own)
    }

    /// The earliest time any partner's clock shows: clean-up by age uses it, so nothing is purged before its time on
    /// the clock of the partner it belongs to.
    var earliestNow: Date {
        passes.map { now(partner: $0.partner) }.min() ?? now()
    }
}

/// Why a reconciliation line was charged (billing spec §3, the charge types table), as the line's `chargeType`.
public enum ChargeType: String, Codable, Sendable, CaseIterable {
    /// The purchase: the first charge cycle.
    case new
    /// Seats added: a pair for the rest of the cycle, minus the old seats and plus the new.
    case addQuantity
    /// Seats removed inside their window: the same pair, the new count below the old.
    case removeQuantity
    /// Cancelled inside the window: a credit for the unused part of the cycle.
    case cancelImmediate
    /// Each later charge cycle of a longer term (monthly billing of a one-year term).
    case cycleCharge
    /// The first cycle of a renewed term.
    case renew
}

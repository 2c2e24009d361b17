import Foundation

/// Tax on an invoiced line (billing spec §4): the line's subtotal times its market's rate from the catalog, rounded
/// to the cent per line, so an invoice's total is the sum of its lines' totals to the cent. Unbilled lines carry none.
public enum InvoiceTax {
    public static func tax(on subtotal: Decimal, rate: Decimal) -> Decimal {
        rate == 0 ? 0 : MoneyText.rounded(subtotal * rate)
    }
}

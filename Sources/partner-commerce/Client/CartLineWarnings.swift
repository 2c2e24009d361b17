import Foundation
import PartnerCenterModels

/// A cart is made even when some of its lines cannot be bought (Partner Center answers 201 with an `error` on
/// each such line, and refuses the checkout later with 800009): the CLI says so at once, on stderr, so a script
/// learns it before it submits; `--strict` makes it a failure.
enum CartLineWarnings {
    /// One line a line error, `warning: line item 1 (CFQ7…): description (code 10009)`.
    static func lines(_ cart: Cart) -> [String] {
        cart.lineItems.compactMap { item in
            guard let error = item.error else { return nil }
            return "warning: line item " + String(item.id ?? 0) + " (" + (item.catalogItemId ?? "?") + "): " + error.errorDescription
                + " (code " + String(error.errorCode.rawValue) + ")"
        }
    }

    /// Prints the warnings; with `strict`, a cart with any fails the command (exit 4, as an API error).
    static func report(_ cart: Cart, strict: Bool) throws {
        let warnings = lines(cart)
        for warning in warnings { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
        if strict, !warnings.isEmpty {
            throw ClientFailure(
                code: 4,
                description: "error: " + String(warnings.count) + " line item(s) of cart " + (cart.id ?? "") + " cannot be bought (--strict)")
        }
    }
}

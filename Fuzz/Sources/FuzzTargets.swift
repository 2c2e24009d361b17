import CommerceCore
import Foundation
import PartnerCenterModels

/// The code that reads client bytes, as one fuzz entry point. The first byte picks the reader, the rest is
/// its input, so one corpus covers them all and a crash file says which reader it hit.
///
/// Every reader must either return or throw a typed error for any input; a trap (overflow, out-of-range index,
/// force unwrap) is the bug the fuzzer looks for.
enum FuzzTargets {
    /// The shipped catalog, so cart rules run against real items; read once from the source tree.
    static let catalog: Catalog? = {
        let url = URL(fileURLWithPath: "Sources/CommerceServer/Resources/default-catalog.json")
        guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(CatalogFile.self, from: data) else { return nil }
        return try? Catalog(file)
    }()

    static let now = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01, fixed so runs repeat

    static func run(_ bytes: [UInt8]) {
        guard let selector = bytes.first else { return }
        let input = Data(bytes.dropFirst())
        switch selector % 5 {
        case 0: cart(input)
        case 1: customer(input)
        case 2: form(input)
        case 3: _ = WireDate.parse(String(decoding: input, as: UTF8.self))
        default: _ = Term.end(of: String(decoding: input, as: UTF8.self), from: now)
        }
    }

    /// A create-cart body, decoded and checked by the cart rules, as `POST …/carts` does.
    static func cart(_ input: Data) {
        guard (try? JSONBounds.requests.check(input)) != nil else { return }
        let cart = try? PartnerCenterJSON.makeDecoder().decode(Cart.self, from: input)
        sameValue(cart, try? PartnerCenterJSON.decodeRequest(Cart.self, from: input))
        guard let cart, let catalog, let market = Market.named("US") else { return }
        let context = CartContext(
            customerID: "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d", market: market, catalog: catalog,
            subscriptions: [
                "1c461a25-f729-4fa5-aadb-280947dd05e8": OwnedSubscription(
                    id: "1c461a25-f729-4fa5-aadb-280947dd05e8", offerId: "MS-AZR-0145P", isActive: true, isAzure: true)
            ],
            now: now
        )
        _ = CartRules.referencedSubscriptionIDs(cart.lineItems)
        sameJSON(cart)
        guard let lines = try? CartRules.evaluate(cart.lineItems, context: context) else { return }
        sameJSON(lines)
    }

    /// The server's own JSON reader must read what Foundation's reads, or refuse what it refuses.
    static func sameValue<T: Equatable>(_ foundation: T?, _ ours: T?) {
        if foundation != ours { fatalError("PartnerCenterJSON.decodeRequest differs from Foundation's decoder") }
    }

    /// The server's own JSON writer must give Foundation's bytes for whatever a client's input became.
    static func sameJSON(_ value: some Encodable) {
        let ours = try? PartnerCenterJSON.encode(value)
        let theirs = try? PartnerCenterJSON.makeEncoder().encode(value)
        if ours.map({ Data($0) }) != theirs { fatalError("PartnerCenterJSON.encode differs from Foundation's encoder") }
    }

    /// A create-customer body, as `POST /v1/customers` reads it, and the same bytes as an agreement confirmation
    /// (`POST …/agreements`): both are small JSON bodies of contact fields, so one corpus serves the two.
    static func customer(_ input: Data) {
        guard (try? JSONBounds.requests.check(input)) != nil else { return }
        agreement(input)
        let customer = try? PartnerCenterJSON.makeDecoder().decode(Customer.self, from: input)
        sameValue(customer, try? PartnerCenterJSON.decodeRequest(Customer.self, from: input))
        guard let customer else { return }
        sameJSON(customer)
        _ = try? NewCustomer.make(from: customer, ids: RandomIDGenerator())
    }

    /// An agreement confirmation, decoded and checked by its rules.
    static func agreement(_ input: Data) {
        let agreement = try? PartnerCenterJSON.makeDecoder().decode(Agreement.self, from: input)
        sameValue(agreement, try? PartnerCenterJSON.decodeRequest(Agreement.self, from: input))
        guard let agreement else { return }
        sameJSON(agreement)
        if let made = try? AgreementConfirmation.make(agreement, userID: "fuzz", now: now) {
            _ = AgreementConfirmation.key(made)
        }
    }

    /// A token request's form body and Basic header, as the token endpoints read them.
    static func form(_ input: Data) {
        let text = String(decoding: input, as: UTF8.self)
        _ = OAuthForm.parse(text)
        _ = OAuthForm.basicCredentials(text)
    }
}

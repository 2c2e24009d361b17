import CommerceCore
import Foundation
import PartnerCenterModels
import Testing

/// CartLifecycle on its own: a new cart lives seven days, an ordered or partly ordered cart cannot change, and an
/// expired active cart is gone while an ordered one stays readable.
@Suite struct CartLifecycleTests {
    static let now = CartRulesTests.now

    static func cart(status: CartStatus = .active) -> Cart {
        var cart = CartLifecycle.newCart(id: "cart-1", customerID: "customer-1", lines: [], user: "app-1", at: now, attestation: nil)
        cart.status = status
        return cart
    }

    @Test func aNewCartIsActiveForSevenDays() {
        let cart = Self.cart()
        #expect(cart.status == .active)
        #expect(cart.expirationTimestamp == Self.now.addingTimeInterval(7 * 86_400))
        #expect(cart.creationTimestamp == Self.now && cart.lastModifiedUser == "app-1")
        #expect(cart.links?.`self`?.uri == "/customers/customer-1/carts/cart-1")
    }

    @Test(arguments: [
        (CartStatus.ordered, false, 800065), (.active, true, 800065),
    ])
    func aCartThatWasOrderedCannotChange(_ status: CartStatus, _ placed: Bool, _ code: Int) {
        let error = #expect(throws: CommerceError.self) {
            try CartLifecycle.replacingLines(
                of: Self.cart(status: status), with: [], hasPlacedOrders: placed, user: "u", at: Self.now, attestation: nil)
        }
        #expect(error?.code == code)
    }

    @Test func anUpdateReplacesTheLinesAndStampsWhoAndWhen() throws {
        let later = Self.now.addingTimeInterval(60)
        let lines = [CartRulesTests.line("LICENCE00001:0001:AV1")]
        let updated = try CartLifecycle.replacingLines(
            of: Self.cart(), with: lines, hasPlacedOrders: false, user: "user-2", at: later, attestation: true)
        #expect(updated.lineItems == lines && updated.lastModifiedTimestamp == later && updated.lastModifiedUser == "user-2")
        #expect(updated.partnerOnRecordAttestationAccepted == true)
    }

    @Test(arguments: [
        (6.9, CartStatus.active, false), (7.0, .active, true), (30.0, .active, true), (30.0, .ordered, false),
    ])
    func anActiveCartPastItsExpiryIsGone(_ days: Double, _ status: CartStatus, _ gone: Bool) {
        let at = Self.now.addingTimeInterval(days * 86_400)
        if gone {
            let error = #expect(throws: CommerceError.self) { try CartLifecycle.ensureVisible(Self.cart(status: status), at: at) }
            #expect(error?.code == 800008)
        } else {
            #expect(throws: Never.self) { try CartLifecycle.ensureVisible(Self.cart(status: status), at: at) }
        }
    }
}

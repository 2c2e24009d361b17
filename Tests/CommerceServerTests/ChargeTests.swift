import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// Charges written with each change of a subscription's life (issue 28, point 3), through real HTTP on a frozen
/// clock moved through `/_admin/clock`, on each engine.
@Suite struct ChargeTests {
    typealias Life = SubscriptionLifeTests.Life
    static let customer = SubscriptionLifeTests.customer
    /// Exchange Online (Plan 1): list 4, the partner's 3.6 a seat and month on a one-year term billed monthly.
    static let licence = "CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P"

    static func buy(_ life: Life, seats: Int, for customer: String = customer) async throws -> String {
        let body = #"{"lineItems":[{"catalogItemId":"\#(licence)","quantity":\#(seats),"billingCycle":"monthly","termDuration":"P1Y"}]}"#
        let cart = try await life.call(.post, "\(customer)/carts", body: body)
        let cartID = try #require(try cart.json()["id"] as? String, "\(cart.text)")
        let result = try await life.call(.post, "\(customer)/carts/\(cartID)/checkout").json()
        let orderID = try #require((result["orders"] as? [[String: Any]])?.first?["id"] as? String, "\(result)")
        var id: String?
        try await eventually {
            let listed = try await life.call(.get, "\(customer)/subscriptions?order_id=\(orderID)").json()
            id = (listed["items"] as? [[String: Any]])?.first?["id"] as? String
            return id != nil
        }
        return try #require(id)
    }

    /// The issue's scenario through real HTTP: a new customer is refused a purchase until its agreement is
    /// confirmed (and a duplicate confirmation is refused), then buys, changes seats inside and outside their window,
    /// buys and cancels a second licence, and a year passes.
    @Test(arguments: TestEngine.all) func aYearOfChargesAddsUpToWhatTheHandSays(_ engine: TestEngine) async throws {
        try await SubscriptionLifeTests.run(engine: engine) { server, life in
            let store = server.server.store
            let made = try await life.call(.post, "/v1/customers", body: CustomersTests.body(domain: "year-\(engine).onmicrosoft.com"))
            let owner = "/v1/customers/" + (try #require(try made.json()["id"] as? String, "\(made.text)"))
            let licenceLine = #"{"lineItems":[{"catalogItemId":"\#(Self.licence)","quantity":10,"billingCycle":"monthly","termDuration":"P1Y"}]}"#
            let cart = try #require(try await life.call(.post, "\(owner)/carts", body: licenceLine).json()["id"] as? String)
            _ = try await life.call(.post, "\(owner)/carts/\(cart)/checkout").expectFault(.forbidden, code: 13605)
            #expect(try await life.call(.get, "\(owner)/orders").json()["totalCount"] as? Int == 0, "nothing written")
            let user = try await server.userToken()
            let agreements = "\(owner)/agreements"
            #expect(try await server.call(.post, agreements, token: user, body: TestServer.customerAgreement).status == .created)
            _ = try await server.call(.post, agreements, token: user, body: TestServer.customerAgreement).expectFault(.conflict, code: 600061)

            let first = try await Self.buy(life, seats: 10, for: owner)
            try await life.advance("P10D")
            #expect(try await life.patch(first, ["quantity": 15], of: owner).status == .ok)
            try await life.advance("P2D")
            #expect(try await life.patch(first, ["quantity": 12], of: owner).status == .ok)
            try await life.advance("P8D")
            _ = try await life.patch(first, ["quantity": 11], of: owner).expectFault(.badRequest, code: 800090)
            let second = try await Self.buy(life, seats: 2, for: owner)
            try await life.advance("P3D")
            #expect(try await life.patch(second, ["status": "deleted"], of: owner).status == .ok)
            try await life.advance("P1Y")

            let lines = try await store.charges(subscriptionID: first)
            let kinds = lines.map(\.line.chargeType)
            #expect(kinds.filter { $0 == .new }.count == 1)
            #expect(kinds.filter { $0 == .addQuantity }.count == 2)
            #expect(kinds.filter { $0 == .removeQuantity }.count == 2)
            #expect(kinds.filter { $0 == .cycleCharge }.count == 11)
            #expect(kinds.filter { $0 == .renew }.count == 1)
            #expect(lines.allSatisfy { $0.currency == "USD" && owner.hasSuffix($0.customerId) })
            // 10 × 3.6; 3.6 ÷ 31 × 21 × (15 − 10); 3.6 ÷ 31 × 19 × (12 − 15) each seat count rounded; eleven cycles and
            // the renewal of 12 × 3.6.
            let total = lines.reduce(Decimal(0)) { $0 + $1.line.subtotal }
            #expect(total == Decimal(string: "36")! + Decimal(string: "12.19")! - Decimal(string: "6.62")! + 12 * Decimal(string: "43.2")!)

            let cancelled = try await store.charges(subscriptionID: second)
            #expect(cancelled.map(\.line.chargeType) == [.new, .cancelImmediate])
            #expect(cancelled.map(\.line.subtotal) == [Decimal(string: "7.2")!, Decimal(string: "-6.5")!], "3.6 ÷ 31 × 28 × 2 credited")

            // The twelve months past their invoice delay are invoiced, each invoice the sum of its lines to the cent.
            let invoices = try await InvoiceTests.invoicesAddUp(life, rate: 0)
            #expect(invoices.count == 12)
            #expect(invoices.flatMap(\.lines).count == lines.count + cancelled.count - 1, "all but the renewal of the open month")

            // Moving the clock again, or a read of the subscription, charges nothing twice.
            let count = try await store.chargeCount(partnerID: DemoData.partner.tenantID)
            try await life.advance("PT1H")
            _ = try await life.get(first, of: owner)
            #expect(try await store.chargeCount(partnerID: DemoData.partner.tenantID) == count)
        }
    }
}

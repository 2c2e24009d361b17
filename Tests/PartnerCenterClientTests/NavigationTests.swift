import CommerceServer
import CommerceStore
import Foundation
import PartnerCenterClient
import PartnerCenterModels
import Synchronization
import TestSupport
import Testing

/// Every navigation path of the SDK, against a real server over loopback.
@Suite struct NavigationTests {
    static let licence = "CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS"
    static let annualLicence = "CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P"
    static let legacyOffer = "91FD106F-4B2C-4938-95AC-F54F74E9A239"

    static func newCustomer(_ domain: String) -> Customer {
        Customer(
            companyProfile: CompanyProfile(domain: "\(domain).onmicrosoft.com"),
            billingProfile: BillingProfile(
                email: "it@\(domain).example", culture: "en-US", language: "en", companyName: domain, defaultAddress: Address(country: "US"))
        )
    }

    @Test func catalogProductsSkusAvailabilitiesAndOffers() async throws {
        try await TestServer.serving { server in
            let partner = server.client()
            let us = partner.products.byCountry("US")
            #expect(try await us.byTargetView("OnlineServices").get().items.contains { $0.id == "CFQ7TTC0LFLZ" })
            #expect(try await us.byID("CFQ7TTC0LFLZ").get().id == "CFQ7TTC0LFLZ")
            #expect(try await us.byID("CFQ7TTC0LFLZ").skus.get().items.contains { $0.id == "0002" })
            let sku = us.byID("CFQ7TTC0LFLZ").skus.byID("0002")
            #expect(try await sku.get().id == "0002")
            let availabilities = try await sku.availabilities.get()
            #expect(availabilities.items.contains { $0.catalogItemId == Self.licence })
            #expect(try await sku.availabilities.get(targetSegment: "commercial").items.contains { $0.catalogItemId == Self.licence })
            #expect(try await sku.availabilities.byID("CFQ7TTC0K4TS").catalogItemId == Self.licence)
            #expect(try await partner.offers.byCountry("US").get().items.contains { $0.id.uppercased() == Self.legacyOffer })
            #expect(try await partner.offers.byCountry("US").byID(Self.legacyOffer).get().id.uppercased() == Self.legacyOffer)

            // The same reads under a customer, in its market.
            let mine = partner.customers.byID(DemoData.customerID).products
            #expect(
                try await mine.byTargetView("OnlineServices").get().items.map(\.id)
                    == (try await us.byTargetView("OnlineServices").get().items.map(\.id)))
            let scopedSku = mine.byID("CFQ7TTC0LFLZ").skus.byID("0002")
            #expect(try await scopedSku.get().id == "0002")
            #expect(try await scopedSku.availabilities.get(targetSegment: "commercial").items.contains { $0.catalogItemId == Self.licence })
            #expect(try await scopedSku.availabilities.byID("CFQ7TTC0K4TS").catalogItemId == Self.licence)
        }
    }

    @Test func customersCartsOrdersAndSubscriptions() async throws {
        try await TestServer.serving { server in
            let partner = server.client()
            let created = try await partner.customers.create(Self.newCustomer("navigation"))
            let customer = partner.customers.byID(try #require(created.id))
            #expect(try await customer.get() == created)
            #expect(try await partner.customers.get().items.contains { $0.id == created.id })
            // A purchase needs the customer's acceptance of the Microsoft Customer Agreement, which a user confirms.
            let user = PartnerCenterClient(baseURL: server.base) { [server] in try await server.userToken() }
            let confirmed = try await user.customers.byID(try #require(created.id)).agreements.create(
                Agreement(
                    primaryContact: AgreementContact(firstName: "Tania", lastName: "Carr", email: "tania@navigation.example"), dateAgreed: Date(),
                    templateId: try #require(
                        try await partner.agreementDetails.get(agreementType: "MicrosoftCustomerAgreement").items.first?.templateId),
                    type: nil))
            #expect(confirmed.type == "MicrosoftCustomerAgreement")
            #expect(try await customer.agreements.get(agreementType: "*").items.map(\.type) == ["MicrosoftCustomerAgreement"])

            let cart = try await customer.carts.create(
                Cart(lineItems: [
                    CartLineItem(catalogItemId: Self.licence, quantity: 2, billingCycle: .monthly, termDuration: "P1M")
                ]))
            let cartID = try #require(cart.id)
            #expect(try await customer.carts.byID(cartID).get().lineItems.count == 1)
            var changed = cart
            changed.lineItems.append(CartLineItem(catalogItemId: Self.annualLicence, quantity: 1, billingCycle: .monthly, termDuration: "P1Y"))
            #expect(try await customer.carts.byID(cartID).put(changed).lineItems.count == 2)
            let result = try await customer.carts.byID(cartID).checkoutCompletely(customerUserUPN: "buyer@navigation.onmicrosoft.com")
            #expect(result.orderErrors.isEmpty)
            let order = try #require(result.orders.first)
            let orderID = try #require(order.id)

            #expect(try await customer.orders.get().items.map(\.id) == [orderID])
            let priced = try await customer.orders.byID(orderID).get(includePrice: true)
            // E3 on a monthly term, 2 × 38.88, and Exchange on a year billed monthly, 1 × 3.6: the partner's prices.
            #expect(priced.totalPrice == Decimal(string: "81.36"), "\(String(describing: priced.totalPrice))")
            #expect(try await customer.orders.get(billingType: .monthly).items.map(\.id) == [orderID])
            #expect(try await customer.orders.get(billingType: .oneTime).items.isEmpty)
            var listed: [String?] = []
            for try await each in customer.orders.all() { listed.append(each.id) }
            #expect(listed == [orderID])
            #expect(try await customer.orders.byID(orderID).get().id == orderID)
            #expect(try await customer.orders.byID(orderID).provisioningStatus().items.isEmpty == false)

            // Fulfilment is asynchronous (here immediate, but on its own worker): wait for the subscriptions.
            var subscriptions: [Subscription] = []
            for _ in 0..<100 where subscriptions.count < 2 {
                subscriptions = try await customer.subscriptions.get(orderID: orderID).items
                if subscriptions.count < 2 { try await Task.sleep(nanoseconds: 100_000_000) }
            }
            #expect(subscriptions.count == 2)
            let subscription = try #require(subscriptions.first)
            #expect(try await customer.subscriptions.byID(subscription.id).get().id == subscription.id)
            var all: [String] = []
            for try await each in customer.subscriptions.all() { all.append(each.id) }
            #expect(Set(all) == Set(subscriptions.map(\.id)))

            // Changed after checkout: seats up, a stale etag refused, a cancel inside the window.
            let licence = try #require(subscriptions.first { $0.offerId?.hasPrefix("CFQ7TTC0LH0Z") == true })
            let operations = customer.subscriptions.byID(licence.id)
            let more = try await operations.update { $0.quantity = (licence.quantity ?? 1) + 2 }
            #expect(more.quantity == (licence.quantity ?? 1) + 2)
            #expect(more.attributes?.etag != licence.attributes?.etag)
            do {
                _ = try await operations.patch(licence)
                Issue.record("a PATCH with the etag of an earlier read must be refused")
            } catch let error as PartnerCenterError {
                #expect(error.status == 409 && error.fault?.code == 2055)
            }
            #expect(try await operations.provisioningStatus().status == "success")
            #expect(try await operations.cancel().status == .deleted)
        }
    }

    @Test func aPartialCheckoutIsVisibleAndCheckoutCompletelyThrowsIt() async throws {
        try await TestServer.serving(placementFaults: FailingGroups(groups: ["OMS-0"])) { server in
            let customer = server.client().customers.byID(DemoData.customerID)
            let cart = try await customer.carts.create(
                Cart(lineItems: [
                    CartLineItem(catalogItemId: Self.licence, quantity: 1, billingCycle: .monthly, termDuration: "P1M"),
                    CartLineItem(catalogItemId: Self.legacyOffer, quantity: 3, billingCycle: .monthly),
                ]))
            do {
                _ = try await customer.carts.byID(try #require(cart.id)).checkoutCompletely()
                Issue.record("a checkout with a failed order group must throw")
            } catch let error as IncompleteCheckoutError {
                #expect(error.result.orders.count == 1, "the placed order is in the error")
                #expect(error.result.orderErrors.map(\.orderGroupId) == ["OMS-0"])
                #expect(error.description.contains("800017"))
            }
            // The plain checkout answers the same result (a replay) without throwing.
            let replay = try await customer.carts.byID(try #require(cart.id)).checkout()
            #expect(replay.orders.count == 1)
            #expect(replay.orderErrors.count == 1)
        }
    }

    @Test func previewingSendsNothingAndShowsTheRequest() async throws {
        try await TestServer.serving { server in
            let tap = try await WireTap.start(upstream: server.base)
            let shown = ShownRequests()
            let preview = server.client(base: tap.base).previewing { shown.add($0) }
            do {
                _ = try await preview.customers.byID(DemoData.customerID).carts.byID(DemoData.cartID).checkout()
                Issue.record("a previewing client must not answer")
            } catch let error as RequestNotSent {
                #expect(error.request.method == "POST")
                #expect(error.request.url.hasSuffix("/v1/customers/\(DemoData.customerID)/carts/\(DemoData.cartID)/checkout"))
                #expect(error.request.headers.contains { $0.name == "Authorization" && $0.value == "Bearer [redacted]" })
                #expect(!error.request.description.contains(server.token))
            }
            #expect(shown.all.count == 1)
            #expect(tap.seen.isEmpty, "nothing crossed the wire")
            await tap.stop()
        }
    }

    @Test func idsCannotEscapeTheirPathSegment() async throws {
        try await TestServer.serving { server in
            let tap = try await WireTap.start(upstream: server.base)
            let partner = server.client(base: tap.base, retry: .none)
            await #expect(throws: PartnerCenterError.self) { try await partner.customers.byID("../../customers?size=1").get() }
            #expect(tap.seen.first?.path.hasPrefix("/v1/customers/..%2F..%2Fcustomers%3Fsize=1") == true, "\(tap.seen.map(\.path))")
            await tap.stop()
        }
    }
}

/// Requests a previewing client reported.
final class ShownRequests: Sendable {
    private let list = Mutex<[PreparedRequest]>([])
    func add(_ request: PreparedRequest) { list.withLock { $0.append(request) } }
    var all: [PreparedRequest] { list.withLock { $0 } }
}

import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import PartnerCenterModels
import TestSupport
import Testing

/// Orders without a cart (issue 14): legacy offers placed by `POST …/orders`, once per `MS-RequestId`.
@Suite struct DirectOrderTests {
    static let customer = "/v1/customers/\(DemoData.customerID)"
    static let e3 = "91FD106F-4B2C-4938-95AC-F54F74E9A239"
    static let compliance = "C94271D8-B431-4A25-A3C5-A57737A1C909"

    static func order(_ lines: String) -> String { #"{"referenceCustomerId":"\#(DemoData.customerID)","lineItems":[\#(lines)]}"# }

    @Test(arguments: TestEngine.all) func aLegacyOrderCompletesAtOnceAndARetryPlacesItOnce(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let before = try await server.call(.get, "\(Self.customer)/orders").json()["totalCount"] as? Int ?? -1
            let body = Self.order(
                #"{"lineItemNumber":0,"offerId":"\#(Self.e3)","quantity":2,"friendlyName":"E3 seats","partnerIdOnRecord":"4847383"}"#)
            let requestID = UUID().uuidString
            let placed = try await server.call(.post, "\(Self.customer)/orders", body: body, headers: [.msRequestID: requestID])
            #expect(placed.status == .created, "\(placed.text)")
            let order = try placed.json()
            #expect(order["status"] as? String == "completed")
            let line = try #require((order["lineItems"] as? [[String: Any]])?.first)
            #expect(line["friendlyName"] as? String == "E3 seats")
            #expect(line["partnerIdOnRecord"] as? String == "4847383")
            let subscriptionID = try #require(line["subscriptionId"] as? String)
            #expect(((order["links"] as? [String: Any])?["provisioningStatus"] as? [String: Any])?["uri"] != nil)

            let again = try await server.call(.post, "\(Self.customer)/orders", body: body, headers: [.msRequestID: requestID])
            #expect(again.status == .created)
            #expect(again.text == placed.text)
            #expect(again.headers[HTTPField.Name("MS-Idempotent-Replay")!] == "true")
            #expect(try await server.call(.get, "\(Self.customer)/orders").json()["totalCount"] as? Int == before + 1)

            let subscription = try await server.call(.get, "\(Self.customer)/subscriptions/\(subscriptionID)").json()
            #expect(subscription["quantity"] as? Int == 2)
            let orderID = try #require(order["id"] as? String)
            let status = try await server.call(.get, "\(Self.customer)/orders/\(orderID)/provisioningstatus").json()
            #expect((status["items"] as? [[String: Any]])?.first?["status"] as? String == "Fulfilled")

            // An add-on for it, named by parentSubscriptionId.
            let addOn = try await server.call(
                .post, "\(Self.customer)/orders",
                body: Self.order(#"{"lineItemNumber":0,"offerId":"\#(Self.compliance)","quantity":2,"parentSubscriptionId":"\#(subscriptionID)"}"#)
            )
            #expect(addOn.status == .created, "\(addOn.text)")
            let addOns = try await server.call(.get, "\(Self.customer)/subscriptions/\(subscriptionID)/addons").json()
            #expect((addOns["items"] as? [[String: Any]])?.first?["parentSubscriptionId"] as? String == subscriptionID)
        }
    }

    @Test func refusalsAreDocumentedFaultsAndPlaceNothing() async throws {
        try await TestServer.run { server in
            let before = try await server.server.store.contents()
            let cases: [(String, HTTPResponse.Status, Int)] = [
                (Self.order(#"{"lineItemNumber":0,"offerId":"NOT-AN-OFFER","quantity":1}"#), .badRequest, 800004),
                (Self.order(#"{"lineItemNumber":0,"offerId":"CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P","quantity":1}"#), .badRequest, 800004),
                (Self.order(#"{"lineItemNumber":1,"offerId":"\#(Self.e3)","quantity":1}"#), .badRequest, 800071),
                (
                    Self.order(
                        #"{"lineItemNumber":0,"offerId":"\#(Self.e3)","quantity":1},{"lineItemNumber":0,"offerId":"\#(Self.e3)","quantity":1}"#),
                    .badRequest, 800071
                ),
                (Self.order(""), .badRequest, 800002),
                (Self.order(#"{"lineItemNumber":0,"offerId":"\#(Self.e3)","quantity":0}"#), .badRequest, 800002),
                (Self.order(#"{"lineItemNumber":0,"offerId":"\#(Self.e3)","quantity":-9223372036854775808}"#), .badRequest, 800002),
                (
                    Self.order(
                        #"{"lineItemNumber":0,"offerId":"\#(Self.compliance)","quantity":1,"parentSubscriptionId":"00000000-0000-0000-0000-000000000001"}"#
                    ), .badRequest, 800029
                ),
                (Self.order(#"{"lineItemNumber":0,"offerId":"\#(Self.compliance)","quantity":1}"#), .badRequest, 800002),
                (#"{"billingCycle":"annual","lineItems":[{"lineItemNumber":0,"offerId":"MS-AZR-0145P","quantity":1}]}"#, .badRequest, 800002),
            ]
            for (body, status, code) in cases {
                let answer = try await server.call(.post, "\(Self.customer)/orders", body: body)
                try answer.expectFault(status, code: code)
            }
            for body in ["", "[]", "nonsense", #"{"lineItems":"many"}"#] {
                #expect(try await server.call(.post, "\(Self.customer)/orders", body: body).status == .badRequest, "\(body)")
            }
            #expect(try await server.server.store.contents() == before)
        }
    }
}

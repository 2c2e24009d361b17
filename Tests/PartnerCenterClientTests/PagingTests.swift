import CommerceServer
import CommerceStore
import Foundation
import PartnerCenterClient
import PartnerCenterModels
import TestSupport
import Testing

/// Collections as `AsyncSequence`s that follow `links.next` and `MS-ContinuationToken`, and answers that
/// carry what this SDK has never heard of.
@Suite struct PagingTests {
    @Test func pagingThroughTwelveHundredCustomers() async throws {
        try await TestServer.serving { server in
            let partner = server.client()
            // The demo customer plus 1,199 more, sixteen at a time.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<1_199 {
                    if index >= 16 { try await group.next() }
                    group.addTask { _ = try await partner.customers.create(NavigationTests.newCustomer("paging\(index)")) }
                }
                try await group.waitForAll()
            }
            let tap = try await WireTap.start(upstream: server.base)
            var ids: [String] = []
            for try await customer in server.client(base: tap.base).customers.all(pageSize: 500) { ids.append(customer.id ?? "") }
            #expect(ids.count == 1_200)
            #expect(Set(ids).count == 1_200)
            #expect(tap.seen.count == 3, "\(tap.seen.map(\.path))")
            #expect(tap.seen.first?.headers["ms-continuationtoken"] == nil)
            #expect(tap.seen.dropFirst().allSatisfy { $0.headers["ms-continuationtoken"] != nil })
            await tap.stop()
        }
    }

    @Test func aSequenceIsReadLazily() async throws {
        try await TestServer.serving { server in
            let tap = try await WireTap.start(upstream: server.base)
            for try await _ in server.client(base: tap.base).customers.all(pageSize: 1) { break }
            #expect(tap.seen.count == 1, "only the first page was fetched")
            await tap.stop()
        }
    }

    @Test func unknownEnumValuesAndFieldsInAListDecode() async throws {
        try await TestServer.serving { server in
            let partner = server.client()
            let customer = partner.customers.byID(DemoData.customerID)
            let cart = try await customer.carts.create(
                Cart(lineItems: [
                    CartLineItem(catalogItemId: NavigationTests.licence, quantity: 1, billingCycle: .monthly, termDuration: "P1M")
                ]))
            _ = try await customer.carts.byID(try #require(cart.id)).checkout()
            // The service grows: a status and a billing cycle this SDK does not know, and a field it has never seen.
            let tap = try await WireTap.start(upstream: server.base) { method, path, _ in
                guard method == "GET", path.contains("/orders") else { return .forward }
                return .rewrite { body in
                    body.replacingOccurrences(of: #""status":"pending""#, with: #""status":"awaitingRegulatorApproval""#)
                        .replacingOccurrences(of: #""status":"completed""#, with: #""status":"awaitingRegulatorApproval""#)
                        .replacingOccurrences(of: #""billingCycle":"monthly""#, with: #""billingCycle":"fortnightly""#)
                        .replacingOccurrences(of: #""lineItems":"#, with: #""carbonFootprint":{"kg":[1,2]},"lineItems":"#)
                }
            }
            let orders = try await server.client(base: tap.base).customers.byID(DemoData.customerID).orders.get().items
            let order = try #require(orders.first)
            #expect(order.status?.wireValue == "awaitingRegulatorApproval")
            #expect(order.status?.isKnown == false)
            #expect(order.billingCycle?.wireValue == "fortnightly")
            #expect(order.lineItems.isEmpty == false)
            await tap.stop()
        }
    }

    @Test func aNextLinkThatLoopsEndsTheSequence() async throws {
        try await TestServer.serving { server in
            // A broken service whose next link always points at the same page.
            let page =
                #"{"totalCount":1,"items":[{"id":"a"}],"links":{"next":{"uri":"/customers?size=1&seekOperation=Next","method":"GET","headers":[{"key":"MS-ContinuationToken","value":"same"}]}},"attributes":{"objectType":"Collection"}}"#
            let tap = try await WireTap.start(upstream: server.base) { _, _, _ in
                .answer(status: 200, headers: ["Content-Type": "application/json"], body: page)
            }
            var count = 0
            for try await _ in server.client(base: tap.base).customers.all(pageSize: 1) { count += 1 }
            #expect(count == 2, "the first page, then the next once; its repeat ends the sequence")
            #expect(tap.seen.count == 2)
            await tap.stop()
        }
    }

    @Test func aNextLinkBackToTheFirstPageEndsTheSequence() async throws {
        try await TestServer.serving { server in
            let page =
                #"{"totalCount":1,"items":[{"id":"a"}],"links":{"next":{"uri":"/customers?size=1","method":"GET","headers":[]}},"attributes":{"objectType":"Collection"}}"#
            let tap = try await WireTap.start(upstream: server.base) { _, _, _ in
                .answer(status: 200, headers: ["Content-Type": "application/json"], body: page)
            }
            var count = 0
            for try await _ in server.client(base: tap.base).customers.all(pageSize: 1) { count += 1 }
            #expect(count == 1, "the first page is not read again")
            #expect(tap.seen.count == 1)
            await tap.stop()
        }
    }

    @Test func aNextLinkToAnotherOriginIsNotFollowed() async throws {
        try await TestServer.serving { server in
            // A service (or a man in the middle) pointing the next page, and so the token, at a host of its own.
            let page =
                #"{"totalCount":2,"items":[{"id":"a"}],"links":{"next":{"uri":"https://collector.example/v1/customers","method":"GET","headers":[]}},"attributes":{"objectType":"Collection"}}"#
            let tap = try await WireTap.start(upstream: server.base) { _, _, _ in
                .answer(status: 200, headers: ["Content-Type": "application/json"], body: page)
            }
            var read = 0
            await #expect {
                for try await _ in server.client(base: tap.base).customers.all() { read += 1 }
            } throws: { ($0 as? PartnerCenterError)?.kind == .unreadableResponse && "\($0)".contains("collector.example") }
            #expect(read == 1)
            #expect(tap.seen.count == 1)
            await tap.stop()
        }
    }
}

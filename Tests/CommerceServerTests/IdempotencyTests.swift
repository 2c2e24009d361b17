import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// Request idempotency (ARCHITECTURE decision 2): the same MS-RequestId replays, and writes nothing twice.
@Suite struct IdempotencyTests {
    static let carts = "/v1/customers/\(DemoData.customerID)/carts"
    static let body = #"{"lineItems":[{"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly"}]}"#

    @Test(arguments: TestEngine.all) func aRepeatedRequestIdReplaysTheStoredResponse(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let requestID = UUID().uuidString
            let first = try await server.call(.post, Self.carts, body: Self.body, headers: [.msRequestID: requestID])
            let second = try await server.call(.post, Self.carts, body: Self.body, headers: [.msRequestID: requestID])
            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(second.text == first.text, "the same cart, not a second one")
            #expect(second.headers[.location] == first.headers[.location])
            #expect(second.headers[.idempotentReplay] == "true")
            #expect(first.headers[.idempotentReplay] == nil)
            #expect(second.headers[.msRequestID] == requestID)
            // A new request id is a new request.
            let third = try await server.call(.post, Self.carts, body: Self.body, headers: [.msRequestID: UUID().uuidString])
            #expect(try third.json()["id"] as? String != (try first.json()["id"] as? String))
        }
    }

    @Test(arguments: TestEngine.all) func aRequestIdReusedForADifferentRequestIsRefused(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let requestID = UUID().uuidString
            let value1 = try await server.call(.post, Self.carts, body: Self.body, headers: [.msRequestID: requestID]).status
            #expect(value1 == .created)
            let other = Self.body.replacingOccurrences(of: "\"quantity\":1", with: "\"quantity\":2")
            try await server.call(.post, Self.carts, body: other, headers: [.msRequestID: requestID]).expectFault(.conflict, code: 800002)
            try await server.call(
                .post, "/v1/customers", body: CustomersTests.body(domain: "reuse.onmicrosoft.com"), headers: [.msRequestID: requestID]
            )
            .expectFault(.conflict, code: 800002)
        }
    }

    @Test(arguments: TestEngine.all) func refusalsReplayTooAndWriteNothing(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let requestID = UUID().uuidString
            let first = try await server.call(.post, "/v1/customers", body: #"{"companyProfile":{}}"#, headers: [.msRequestID: requestID])
            try first.expectFault(.badRequest, code: 3000)
            let second = try await server.call(.post, "/v1/customers", body: #"{"companyProfile":{}}"#, headers: [.msRequestID: requestID])
            #expect(second.text == first.text)
            #expect(second.headers[.idempotentReplay] == "true")
        }
    }

    @Test(arguments: TestEngine.all) func aReplayedCheckoutPlacesNothingTwice(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let checkout = "\(Self.carts)/\(DemoData.cartID)/checkout"
            let requestID = "4fa6dad6-a89f-4875-8247-8294a10ae1cf"
            let first = try await server.call(.post, checkout, headers: [.msRequestID: requestID])
            let second = try await server.call(.post, checkout, headers: [.msRequestID: requestID])
            #expect(first.status == .created)
            #expect(second.text == first.text)
            #expect(second.headers[.idempotentReplay] == "true")
            let value2 = try await server.server.store.orderCount(cartID: DemoData.cartID)
            #expect(value2 == 3)
        }
    }

    @Test(arguments: TestEngine.all) func recordsAreKeptADayThenPurged(_ engine: TestEngine) async throws {
        try await TestServer.run(engine: engine) { server in
            let store = server.server.store
            let requestID = UUID().uuidString
            let value3 = try await server.call(.post, Self.carts, body: Self.body, headers: [.msRequestID: requestID]).status
            #expect(value3 == .created)
            #expect(try await store.purgeRequestRecords(olderThan: Date().addingTimeInterval(-86_400)) == 0, "a fresh record is kept")
            let value4 = try await store.purgeRequestRecords(olderThan: Date().addingTimeInterval(1))
            #expect(value4 == 1)
        }
    }
}

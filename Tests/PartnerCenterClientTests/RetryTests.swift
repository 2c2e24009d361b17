import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import Logging
import PartnerCenterClient
import PartnerCenterModels
import Synchronization
import TestSupport
import Testing

/// Retries that cannot duplicate: one `MS-RequestId` for every attempt of a call, only failures worth
/// retrying retried, and every wait bounded. Faults come from a ``WireTap`` between the SDK and a real server.
@Suite struct RetryTests {
    @Test func aCheckoutWhoseAnswerWasLostIsRetriedIntoOneOrderSet() async throws {
        try await TestServer.serving { server in
            let tap = try await WireTap.start(upstream: server.base) { method, path, earlier in
                method == "POST" && path.hasSuffix("/checkout") && !earlier.contains { $0.path.hasSuffix("/checkout") } ? .dropAnswer : .forward
            }
            let customer = server.client(base: tap.base).customers.byID(DemoData.customerID)
            let cart = try await customer.carts.create(
                Cart(lineItems: [
                    CartLineItem(catalogItemId: NavigationTests.licence, quantity: 1, billingCycle: .monthly, termDuration: "P1M"),
                    CartLineItem(catalogItemId: NavigationTests.legacyOffer, quantity: 2, billingCycle: .monthly),
                ]))
            let result = try await customer.carts.byID(try #require(cart.id)).checkout()
            #expect(result.orders.count == 2)

            let checkouts = tap.seen.filter { $0.path.hasSuffix("/checkout") }
            #expect(checkouts.count == 2, "the lost answer was retried once")
            #expect(checkouts.first?.dropped == true)
            #expect(checkouts.allSatisfy { $0.status == 201 })
            #expect(Set(checkouts.compactMap(\.requestID)).count == 1, "both attempts carried one MS-RequestId")
            #expect(checkouts.allSatisfy { $0.headers["content-length"] == "0" }, "a body-less POST says so, as gateways require")
            // The server placed one order set: the orders listed are exactly the ones answered.
            let listed = try await server.client().customers.byID(DemoData.customerID).orders.get().items.compactMap(\.id)
            #expect(Set(listed) == Set(result.orders.compactMap(\.id)))
            #expect(listed.count == 2)
            await tap.stop()
        }
    }

    @Test func eachCallHasItsOwnRequestIDAndTheClientsCorrelationID() async throws {
        try await TestServer.serving { server in
            let tap = try await WireTap.start(upstream: server.base)
            let customer = server.client(base: tap.base).customers.byID(DemoData.customerID)
            _ = try await customer.get()
            _ = try await customer.get()
            let ids = tap.seen.compactMap(\.requestID)
            #expect(ids.count == 2 && Set(ids).count == 2)
            #expect(Set(tap.seen.compactMap { $0.headers["ms-correlationid"] }).count == 1)
            #expect(tap.seen.allSatisfy { $0.headers["x-locale"] == "en-US" && $0.headers["accept"] == "application/json" })
            await tap.stop()
        }
    }

    @Test func throttlingIsWaitedOutWithTheSameRequestID() async throws {
        // 60 a minute on a stopped clock: 60 calls pass, the 61st meets a 429 (`Retry-After: 1`), and nothing refills
        // until the test moves the clock, however slowly the machine runs.
        let clock = ManualClock(Date())
        try await TestServer.serving(throttling: ThrottlePolicy(tenantPerMinute: 60), clock: clock) { server in
            let tap = try await WireTap.start(upstream: server.base)
            let mover = Task {
                for _ in 0..<6_000 where !tap.seen.contains(where: { $0.status == 429 }) { try await Task.sleep(nanoseconds: 10_000_000) }
                clock.advance(by: 2)
            }
            let customer = server.client(base: tap.base).customers.byID(DemoData.customerID)
            for _ in 0..<61 { _ = try await customer.get() }
            try await mover.value
            let throttled = try #require(tap.seen.firstIndex { $0.status == 429 })
            let retried = try #require(tap.seen.dropFirst(throttled + 1).first)
            #expect(retried.status == 200)
            #expect(retried.requestID == tap.seen[throttled].requestID)
            #expect(tap.seen.filter { $0.status == 200 }.count == 61)

            // Told not to wait, the client hands the 429 and its Retry-After to the caller.
            let impatient = server.client(base: tap.base, retry: RetryPolicy(retryThrottled: false)).customers.byID(DemoData.customerID)
            var refusal: PartnerCenterError?
            for _ in 0..<5 where refusal == nil {
                do { _ = try await impatient.get() } catch let error as PartnerCenterError { refusal = error }
            }
            #expect(refusal?.status == 429)
            #expect((refusal?.retryAfter ?? 0) >= 1)
            #expect(refusal?.attempts == 1)
            await tap.stop()
        }
    }

    @Test func aRetryAfterLongerThanTheCallMayTakeIsNotWaited() async throws {
        try await TestServer.serving { server in
            let tap = try await WireTap.start(upstream: server.base) { _, _, _ in
                .answer(status: 429, headers: ["Retry-After": "3600"], body: #"{"statusCode":429,"message":"Rate limit is exceeded."}"#)
            }
            // Waiting would last until the call's 60 s are spent; answering at once takes a second or two on a loaded
            // machine. The bound between them is wide, so load cannot fail the test and a wait still does.
            let partner = server.client(base: tap.base, retry: RetryPolicy(totalTimeout: 60))
            let started = Date()
            await #expect { try await partner.customers.byID(DemoData.customerID).get() } throws: { error in
                let error = error as? PartnerCenterError
                return error?.status == 429 && error?.retryAfter == 3600 && error?.fault == nil && error?.body.contains("Rate limit") == true
            }
            #expect(Date().timeIntervalSince(started) < 30)
            #expect(tap.seen.count == 1)
            await tap.stop()
        }
    }

    @Test(arguments: [
        ("GET", "/v1/customers/00000000-0000-0000-0000-000000000001", 404),
        ("GET", "/v1/customers?size=0", 400),
    ])
    func refusalsAreNotRetried(method: String, path: String, status: Int) async throws {
        try await TestServer.serving { server in
            let tap = try await WireTap.start(upstream: server.base)
            let partner = server.client(base: tap.base)
            do {
                if path.contains("size=0") {
                    _ = try await partner.customers.get(size: 0)
                } else {
                    _ = try await partner.customers.byID("00000000-0000-0000-0000-000000000001").get()
                }
                Issue.record("\(path) must be refused")
            } catch let error as PartnerCenterError {
                #expect(error.kind == .service)
                #expect(error.status == status)
                #expect(error.code != nil && error.code != 0)
                #expect(!error.message.isEmpty)
                #expect(error.attempts == 1)
                #expect(error.requestID == tap.seen.first?.requestID)
            }
            #expect(tap.seen.count == 1, "\(method) \(path) was sent once")
            await tap.stop()
        }
    }

    @Test func anAnswerThatIsNotTheResourceIsUnreadableAndNotRetried() async throws {
        try await TestServer.serving { server in
            let tap = try await WireTap.start(upstream: server.base) { _, _, _ in
                .answer(status: 200, headers: ["Content-Type": "text/html"], body: "<html><body>Sign in to continue</body></html>")
            }
            await #expect { try await server.client(base: tap.base).customers.byID(DemoData.customerID).get() } throws: {
                let error = $0 as? PartnerCenterError
                return error?.kind == .unreadableResponse && error?.status == 200 && error?.body.contains("Sign in") == true && error?.attempts == 1
            }
            #expect(tap.seen.count == 1)
            await tap.stop()
        }
    }

    @Test func serverErrorsAreRetriedWithinTheAttemptLimit() async throws {
        try await TestServer.serving { server in
            let fault = #"{"code":800003,"description":"Unexpected service error.","data":[],"source":"PartnerFD"}"#
            let tap = try await WireTap.start(upstream: server.base) { _, _, earlier in
                earlier.count < 2 ? .answer(status: 503, headers: ["Content-Type": "application/json"], body: fault) : .forward
            }
            let partner = server.client(base: tap.base, retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.01))
            #expect(try await partner.customers.byID(DemoData.customerID).get().id == DemoData.customerID)
            #expect(tap.seen.map(\.status) == [503, 503, 200])
            #expect(Set(tap.seen.compactMap(\.requestID)).count == 1)

            let always = try await WireTap.start(upstream: server.base) { _, _, _ in .answer(status: 500, headers: [:], body: fault) }
            await #expect {
                try await server.client(base: always.base, retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.01)).customers.get()
            } throws: {
                let error = $0 as? PartnerCenterError
                return error?.status == 500 && error?.code == 800003 && error?.attempts == 3
            }
            #expect(always.seen.count == 3)
            await tap.stop()
            await always.stop()
        }
    }

    @Test func slowAnswersTimeOutAndAreRetried() async throws {
        try await TestServer.serving { server in
            // Counted on arrival: the first attempt is still stalled when the second arrives.
            let arrivals = Counter()
            let tap = try await WireTap.start(upstream: server.base) { _, _, _ in arrivals.next() == 1 ? .stall(60) : .forward }
            let partner = server.client(base: tap.base, retry: RetryPolicy(maxAttempts: 2, attemptTimeout: 3, baseDelay: 0.01))
            #expect(try await partner.customers.byID(DemoData.customerID).get().id == DemoData.customerID)

            let stalled = try await WireTap.start(upstream: server.base) { _, _, _ in .stall(60) }
            let hopeless = server.client(base: stalled.base, retry: RetryPolicy(maxAttempts: 2, attemptTimeout: 0.3, baseDelay: 0.01))
            await #expect { try await hopeless.customers.byID(DemoData.customerID).get() } throws: {
                ($0 as? PartnerCenterError)?.kind == .timeout && ($0 as? PartnerCenterError)?.attempts == 2
            }
            await tap.stop()
            await stalled.stop()
        }
    }

    @Test func cancellingACallStopsItAtOnce() async throws {
        try await TestServer.serving { server in
            let tap = try await WireTap.start(upstream: server.base) { _, _, _ in .stall(60) }
            let partner = server.client(base: tap.base)
            let call = Task { try await partner.customers.byID(DemoData.customerID).get() }
            for _ in 0..<500 where tap.seen.isEmpty && !tap.arrived { try await Task.sleep(nanoseconds: 10_000_000) }
            let started = Date()
            call.cancel()
            await #expect(throws: CancellationError.self) { _ = try await call.value }
            #expect(Date().timeIntervalSince(started) < 10)
            await tap.stop()
        }
    }

    @Test func connectionFailuresAreNetworkErrorsAfterTheLastAttempt() async throws {
        // Port 1 (tcpmux) on loopback: nothing listens there, so every connection is refused at once.
        let partner = PartnerCenterClient(baseURL: "http://127.0.0.1:1", retry: RetryPolicy(maxAttempts: 3, attemptTimeout: 60, baseDelay: 0.01)) {
            "token"
        }
        await #expect { try await partner.customers.get() } throws: {
            let error = $0 as? PartnerCenterError
            return error?.kind == .network && error?.attempts == 3 && error?.status == nil
        }
    }

    @Test func attemptsAreLoggedAtDebugWithTheTokenRedacted() async throws {
        try await TestServer.serving { server in
            let lines = LoggedLines()
            var logger = Logger(label: "test") { _ in lines }
            logger.logLevel = .debug
            let partner = PartnerCenterClient(
                environment: .server(server.base), credentials: StaticAccessToken(server.token), logger: logger
            )
            _ = try await partner.customers.byID(DemoData.customerID).get()
            let text = lines.all.joined(separator: "\n")
            #expect(text.contains("Bearer [redacted]"))
            #expect(text.contains("MS-RequestId"))
            #expect(!text.contains(server.token))
        }
    }
}

/// Keeps what a logger was told.
final class LoggedLines: LogHandler, Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }
    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }
    func log(event: LogEvent) {
        lines.withLock { $0.append("\(event.message) \(event.metadata ?? [:])") }
    }
}

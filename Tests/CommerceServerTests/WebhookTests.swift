import CommerceCore
import CommerceServer
import CommerceStore
import Crypto
import CryptoExtras
import Foundation
import HTTPTypes
import HummingbirdTesting
import PartnerCenterModels
import SwiftASN1
import Synchronization
import TestSupport
import Testing
import X509

/// Webhooks (issue 14): registration, events written with the change they report, signed deliveries a receiver
/// verifies with the published certificate, retries until a receiver that was down is back, once per event.
@Suite struct WebhookTests {
    static let customer = "/v1/customers/\(DemoData.customerID)"
    static let allEvents = [
        "subscription-created", "subscription-updated", "subscription-renewed", "subscription-renewal-expiring", "customer-created", "test-created",
    ]

    static func configure(_ configuration: inout ServerConfiguration) {
        configuration.fulfilmentDelay = 0
        configuration.fulfilmentPollInterval = 0.02
        configuration.maintenanceInterval = 0.05
        configuration.webhookPollInterval = 0.02
        configuration.webhookRetryBase = 0.05
    }

    static func register(_ server: TestServer, port: Int, method: HTTPRequest.Method = .post, events: [String] = allEvents) async throws
        -> TestResponse
    {
        let body = try JSONSerialization.data(withJSONObject: ["WebhookUrl": "http://127.0.0.1:\(port)/hook", "WebhookEvents": events])
        return try await server.call(method, "/webhooks/v1/registration", body: String(decoding: body, as: UTF8.self))
    }

    /// Checks `delivery` carries a valid signature of its body under the certificate the server publishes.
    static func verify(_ delivery: WebhookReceiver.Delivery, server: TestServer) async throws {
        let certificateURL = try #require(delivery.headers[HTTPField.Name("x-ms-certificate-url")!])
        let path = try #require(URL(string: certificateURL)?.path)
        let pem = try await server.call(.get, path, token: nil)
        #expect(pem.status == .ok)
        let certificate = try Certificate(pemEncoded: pem.text)
        let key = try #require(_RSA.Signing.PublicKey(certificate.publicKey))
        let authorization = try #require(delivery.headers[.authorization])
        #expect(authorization.hasPrefix("Signature "))
        let signature = try #require(Data(base64Encoded: String(authorization.dropFirst("Signature ".count))))
        #expect(key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: delivery.body, padding: .insecurePKCS1v1_5))
        var tampered = delivery.body
        tampered.append(0x20)
        #expect(!key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: tampered, padding: .insecurePKCS1v1_5))
    }

    @Test(arguments: TestEngine.all) func eachChangeReachesTheReceiverOnceSigned(_ engine: TestEngine) async throws {
        let receiver = WebhookReceiver()
        try await receiver.serve { port in
            try await TestServer.run(engine: engine, configure: Self.configure) { server in
                let registered = try await Self.register(server, port: port)
                #expect(registered.status == .ok, "\(registered.text)")
                #expect(try registered.json()["WebhookEvents"] as? [String] == Self.allEvents)
                #expect(try await server.call(.get, "/webhooks/v1/registration").json()["WebhookUrl"] as? String == "http://127.0.0.1:\(port)/hook")
                let listed = try JSONSerialization.jsonObject(with: Data(try await server.call(.get, "/webhooks/v1/registration/events").text.utf8))
                #expect((listed as? [String])?.contains("subscription-renewed") == true)

                let created = try await server.call(.post, "/v1/customers", body: CustomersTests.body(domain: "hooks.onmicrosoft.com")).json()
                let customerID = try #require(created["id"] as? String)
                let cart =
                    #"{"lineItems":[{"catalogItemId":"CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P","quantity":3,"billingCycle":"monthly","termDuration":"P1M"}]}"#
                let cartID = try #require(try await server.call(.post, "\(Self.customer)/carts", body: cart).json()["id"] as? String)
                let orderID = try #require(
                    ((try await server.call(.post, "\(Self.customer)/carts/\(cartID)/checkout").json()["orders"]) as? [[String: Any]])?.first?["id"]
                        as? String)
                var subscriptionID: String?
                try await eventually {
                    subscriptionID =
                        ((try await server.call(.get, "\(Self.customer)/subscriptions?order_id=\(orderID)").json()["items"]) as? [[String: Any]])?
                        .first?["id"] as? String
                    return subscriptionID != nil
                }
                let id = try #require(subscriptionID)
                var subscription = try await server.call(.get, "\(Self.customer)/subscriptions/\(id)").json()
                subscription["quantity"] = 4
                let patch = String(decoding: try JSONSerialization.data(withJSONObject: subscription), as: UTF8.self)
                #expect(try await server.call(.patch, "\(Self.customer)/subscriptions/\(id)", body: patch).status == .ok)
                let validation = try await server.call(.post, "/webhooks/v1/registration/validationEvents").json()
                let correlation = try #require(validation["correlationId"] as? String)

                try await eventually(within: 20) { receiver.deliveries.count >= 4 }
                try await Task.sleep(for: .milliseconds(300))
                let deliveries = receiver.deliveries
                #expect(deliveries.count == 4, "one delivery per change: \(deliveries.map { $0.json["EventName"] ?? "?" })")
                #expect(Set(deliveries.compactMap(\.eventID)).count == 4)
                let byName = Dictionary(deliveries.map { ($0.json["EventName"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
                #expect(Set(byName.keys) == ["customer-created", "subscription-created", "subscription-updated", "test-created"])
                #expect((byName["customer-created"]?.json["ResourceUri"] as? String)?.hasSuffix("/v1/customers/\(customerID)") == true)
                #expect((byName["subscription-updated"]?.json["ResourceUri"] as? String)?.hasSuffix("/subscriptions/\(id)") == true)
                #expect(byName["subscription-created"]?.json["ResourceName"] as? String == "Subscription")
                #expect(
                    byName["test-created"]?.json.keys.sorted() == ["AuditUri", "EventName", "ResourceChangeUtcDate", "ResourceName", "ResourceUri"])
                for delivery in deliveries { try await Self.verify(delivery, server: server) }

                let status = try await server.call(.get, "/webhooks/v1/registration/validationEvents/\(correlation)").json()
                #expect(status["status"] as? String == "completed")
                let log = try await server.call(.get, "/webhooks/v1/registration/deliveries").json()["items"] as? [[String: Any]] ?? []
                #expect(log.count == 4 && log.allSatisfy { $0["state"] as? String == "delivered" && $0["attempts"] as? Int == 1 })
            }
        }
    }

    @Test func renewalsAndExpiriesAreEventsToo() async throws {
        let receiver = WebhookReceiver()
        try await receiver.serve { port in
            try await SubscriptionLifeTests.run(configure: Self.configure) { server, life in
                // The server's clock stands in 2030: calls need a token minted on it (`life.call`).
                let body =
                    #"{"WebhookUrl":"http://127.0.0.1:\#(port)/hook","WebhookEvents":["subscription-renewed","subscription-renewal-expiring"]}"#
                #expect(try await life.call(.post, "/webhooks/v1/registration", body: body).status == .ok)
                let renewing = try #require(try await life.buy()["id"] as? String)
                let ending = try #require(try await life.buy()["id"] as? String)
                #expect(try await life.patch(ending, ["autoRenewEnabled": false]).status == .ok)
                try await life.advance("P62D")
                try await eventually(within: 20) { receiver.deliveries.count >= 3 }
                try await Task.sleep(for: .milliseconds(300))
                let names = receiver.deliveries.map { ($0.json["EventName"] as? String ?? "", $0.json["ResourceUri"] as? String ?? "") }
                #expect(names.filter { $0.0 == "subscription-renewed" && $0.1.hasSuffix(renewing) }.count == 2, "\(names)")
                #expect(names.filter { $0.0 == "subscription-renewal-expiring" && $0.1.hasSuffix(ending) }.count == 1, "\(names)")
                #expect(names.count == 3)
            }
        }
    }

    /// Each invoice a closed month makes is an `invoice-ready` event naming it (issue 28, point 5).
    @Test func eachInvoiceIsAnInvoiceReadyEvent() async throws {
        let receiver = WebhookReceiver()
        try await receiver.serve { port in
            try await SubscriptionLifeTests.run(configure: Self.configure) { server, life in
                let body = #"{"WebhookUrl":"http://127.0.0.1:\#(port)/hook","WebhookEvents":["invoice-ready"]}"#
                #expect(try await life.call(.post, "/webhooks/v1/registration", body: body).status == .ok)
                _ = try await ChargeTests.buy(life, seats: 2)
                // 7 May 2030: March and April are past their ends and the six days.
                try await life.advance("P65D")
                try await eventually(within: 20) { receiver.deliveries.count >= 2 }
                try await Task.sleep(for: .milliseconds(300))
                let invoices = try await server.server.store.invoices(partnerID: DemoData.partner.tenantID)
                let events = receiver.deliveries.map { ($0.json["EventName"] as? String ?? "", $0.json["ResourceUri"] as? String ?? "") }
                #expect(invoices.count == 2)
                #expect(events.count == 2 && events.allSatisfy { $0.0 == "invoice-ready" }, "\(events)")
                #expect(Set(events.map { $0.1.components(separatedBy: "/v1/invoices/").last ?? "" }) == Set(invoices.map(\.id)), "\(events)")
                #expect(receiver.deliveries.allSatisfy { $0.json["ResourceName"] as? String == "invoice" })
            }
        }
    }

    @Test func aReceiverThatIsDownGetsTheEventWhenItIsBack() async throws {
        let receiver = WebhookReceiver()
        // A port that was free a moment ago and has nothing listening now: the receiver is down.
        let freePort = Mutex(0)
        try await receiver.serve { port in freePort.withLock { $0 = port } }
        let port = freePort.withLock { $0 }
        try await TestServer.run(configure: Self.configure) { server in
            #expect(try await Self.register(server, port: port).status == .ok)
            #expect(try await server.call(.post, "/webhooks/v1/registration/validationEvents").status == .ok)
            try await eventually(within: 20) {
                let log = try await server.call(.get, "/webhooks/v1/registration/deliveries").json()["items"] as? [[String: Any]] ?? []
                return (log.first?["attempts"] as? Int ?? 0) >= 2 && log.first?["lastError"] is String
            }
            #expect(receiver.deliveries.isEmpty)
            try await receiver.serve(port: port) { _ in
                try await eventually(within: 20) { receiver.deliveries.count == 1 }
                try await Task.sleep(for: .milliseconds(300))
                #expect(receiver.deliveries.count == 1)
            }
            let log = try await server.call(.get, "/webhooks/v1/registration/deliveries").json()["items"] as? [[String: Any]] ?? []
            #expect(log.first?["state"] as? String == "delivered")
            #expect(log.first?["eventId"] as? String == receiver.deliveries.first?.eventID)
            // A week on, the maintenance pass forgets it; a pending event would stay.
            #expect(try await server.server.store.purgeWebhookEvents(endedBefore: Date().addingTimeInterval(-60)) == 0)
            #expect(try await server.server.store.purgeWebhookEvents(endedBefore: Date().addingTimeInterval(8 * 86_400)) == 1)
            #expect((try await server.call(.get, "/webhooks/v1/registration/deliveries").json()["items"] as? [[String: Any]])?.isEmpty == true)
        }
    }

    @Test func registrationRefusalsAndLimits() async throws {
        try await TestServer.run(configure: Self.configure) { server in
            try await server.call(.get, "/webhooks/v1/registration").expectFault(.notFound, code: 1000)
            try await server.call(.post, "/webhooks/v1/registration/validationEvents").expectFault(.notFound, code: 1000)
            try await server.call(.get, "/webhooks/v1/registration", token: nil).expectFault(.unauthorized, code: 800001)
            for (url, events) in [
                ("http://10.0.0.1/hook", ["test-created"]), ("http://169.254.169.254/latest", ["test-created"]),
                ("http://[fe80::1]/x", ["test-created"]),
                ("ftp://127.0.0.1/x", ["test-created"]), ("http://user:pw@127.0.0.1/x", ["test-created"]), ("not a url", ["test-created"]),
                ("http://example.com/hook", ["test-created"]), ("http://127.0.0.1/hook", ["no-such-event"]), ("http://127.0.0.1/hook", []),
            ] {
                let body = String(decoding: try JSONSerialization.data(withJSONObject: ["WebhookUrl": url, "WebhookEvents": events]), as: UTF8.self)
                try await server.call(.post, "/webhooks/v1/registration", body: body).expectFault(.badRequest, code: 3000)
            }
            for body in ["", "[]", "nonsense", #"{"WebhookUrl":5}"#] {
                #expect(try await server.call(.post, "/webhooks/v1/registration", body: body).status == .badRequest, "\(body)")
            }
            try await Self.register(server, port: 9, method: .put).expectFault(.notFound, code: 1000)
            #expect(try await Self.register(server, port: 9).status == .ok)
            try await Self.register(server, port: 9).expectFault(.conflict, code: 3000)
            // Spelled as sloppy clients do: case-insensitive names and events.
            let sloppy = #"{"webhookurl":"http://localhost:9/other","webhookEvents":["Customer-Created","customer-created"]}"#
            let replaced = try await server.call(.put, "/webhooks/v1/registration", body: sloppy).json()
            #expect(replaced["WebhookEvents"] as? [String] == ["customer-created"])
            #expect(replaced["SubscriberId"] is String)
            #expect(try await server.call(.post, "/webhooks/v1/registration/validationEvents").status == .ok)
            #expect(try await server.call(.post, "/webhooks/v1/registration/validationEvents").status == .ok)
            let third = try await server.call(.post, "/webhooks/v1/registration/validationEvents")
            #expect(third.status == .tooManyRequests)
            #expect(third.headers[.retryAfter] != nil)
            #expect(try await server.call(.delete, "/webhooks/v1/registration").status == .noContent)
            try await server.call(.delete, "/webhooks/v1/registration").expectFault(.notFound, code: 1000)
            try await server.call(.get, "/webhooks/v1/registration/validationEvents/not-a-guid").expectFault(.notFound, code: 1000)
        }
    }

    /// Two nodes of one store both run a dispatcher: every event reaches the receiver once.
    @Test(arguments: TestEngine.all) func twoNodesDeliverEachEventOnce(_ engine: TestEngine) async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let receiver = WebhookReceiver()
        try await receiver.serve { port in
            try await TestServer.run(engine: engine, folder: folder, configure: Self.configure) { first in
                try await TestServer.run(engine: engine, folder: folder, configure: Self.configure) { second in
                    #expect(try await Self.register(first, port: port, events: ["customer-created"]).status == .ok)
                    for index in 0..<8 {
                        let node = index.isMultiple(of: 2) ? first : second
                        let created = try await node.call(
                            .post, "/v1/customers", body: CustomersTests.body(domain: "node\(index)-\(UUID().uuidString.prefix(8)).onmicrosoft.com"))
                        #expect(created.status == .created)
                    }
                    try await eventually(within: 20) { receiver.deliveries.count >= 8 }
                    try await Task.sleep(for: .milliseconds(500))
                    #expect(receiver.deliveries.count == 8)
                    #expect(Set(receiver.deliveries.compactMap(\.eventID)).count == 8)
                }
            }
        }
    }

    /// Event ids come from the server's id generator, so a seeded run repeats them with everything else.
    @Test(arguments: TestEngine.all) func aSeededRunRepeatsItsEventIds(_ engine: TestEngine) async throws {
        func run() async throws -> [String] {
            let outcome = Mutex<[String]>([])
            try await TestServer.run(engine: engine, configure: { $0.ids = SeedableIDGenerator(seed: 42) }) { server in
                // Port 9 (discard) on loopback: nothing answers, so each event stays in the log, pending.
                #expect(try await Self.register(server, port: 9).status == .ok)
                let created = try await server.call(.post, "/v1/customers", body: CustomersTests.body(domain: "seeded.onmicrosoft.com")).json()
                let log = try await server.call(.get, "/webhooks/v1/registration/deliveries").json()["items"] as? [[String: Any]] ?? []
                outcome.withLock { $0 = [created["id"] as? String ?? ""] + log.compactMap { $0["eventId"] as? String } }
            }
            return outcome.withLock { $0 }
        }
        let first = try await run()
        #expect(first.count == 2, "the customer and its customer-created event: \(first)")
        #expect(try await run() == first)
    }
}

import AsyncHTTPClient
import CommerceCore
import CommerceStore
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import PartnerCenterModels
import ServiceLifecycle

/// Delivers the webhook outbox: claims due events (each node its own, for a lease), POSTs each, signed, to the
/// partner's registered URL, and records the outcome; a failed attempt is tried again later (`WebhookRetry`). At
/// least once: an event whose delivery was cut off by a crash goes again when its lease ends, with the same
/// `x-ms-event-id`, so a receiver can tell a redelivery from a new event.
struct WebhookDispatcher: Service {
    let store: Store
    let signer: WebhookSigner
    let clock: any CommerceClock
    let destinations: WebhookDestinations
    /// Resolves a receiver's name at each delivery, for the destination check.
    let resolver: any WebhookNameResolver
    let pollInterval: Double
    let retryBase: Double
    /// Paused while a clock move settles (``ClockSettler``).
    let gate: BackgroundGate
    let logger: Logger

    /// How long a claim lasts: past any one delivery's timeouts.
    static let lease: Double = 60
    static let attemptTimeout: TimeAmount = .seconds(10)
    /// Most of a receiver's answer read (and then dropped).
    static let maximumAnswerBytes = 64 * 1024

    func run() async throws {
        await repeatUntilShutdown(every: pollInterval) { await gate.pass { _ = await runOnce() } }
    }

    /// One pass: claims and delivers what is due, each partner's on its own clock, deliveries side by side;
    /// returns how many events were attempted.
    func runOnce() async -> Int {
        var attempted = 0
        for pass in clock.passes {
            attempted += await ClockScope.$partner.withValue(pass.partner) {
                let events = await claim(pass.scope)
                await withTaskGroup(of: Void.self) { group in
                    for event in events { group.addTask { await deliver(event) } }
                }
                return events.count
            }
        }
        return attempted
    }

    /// Delivers everything of `scope` due at `partner`'s time, one event at a time in the order the changes
    /// happened, until nothing is due or `deadline` passes: how many were attempted and how many of those failed,
    /// and whether it finished.
    func settle(_ scope: PartnerScope, partner: String?, deadline: ContinuousClock.Instant) async -> (attempted: Int, failed: Int, finished: Bool) {
        await ClockScope.$partner.withValue(partner) {
            var (attempted, failed) = (0, 0)
            while ContinuousClock.now < deadline {
                let events = await claim(scope)
                guard !events.isEmpty else { return (attempted, failed, true) }
                for event in events where !(await deliver(event)) { failed += 1 }
                attempted += events.count
            }
            return (attempted, failed, false)
        }
    }

    private func claim(_ scope: PartnerScope) async -> [ClaimedWebhookEvent] {
        do {
            return try await store.claimWebhookEvents(at: clock.now(), partners: scope, lease: Self.lease, limit: 20)
        } catch {
            logger.warning("webhooks: could not claim events", metadata: ["error": "\(error)"])
            return []
        }
    }

    /// Attempts one delivery and records it; returns whether the receiver took it.
    @discardableResult
    func deliver(_ event: ClaimedWebhookEvent) async -> Bool {
        guard let url = event.url, let origin = event.origin else {
            await finish(event, .removed, detail: "registration removed", dropped: true)
            return false
        }
        let target: WebhookConnectTarget
        do {
            target = try await WebhookConnectTarget.choose(for: url, destinations: destinations, resolver: resolver)
        } catch {
            await finish(event, error.failure, detail: error.detail)
            return false
        }
        // A client per delivery, pinned to the address that passed: the name is never resolved again between the
        // check and the connection. No redirects: a receiver must not send deliveries on to a refused address.
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5), read: .seconds(10)))
        configuration.dnsOverride = target.override
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        defer { client.shutdown { _ in } }
        do {
            let body = try PartnerCenterJSON.makeEncoder().encode(event.body)
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            request.headers.add(name: "Authorization", value: "Signature " + (try await signer.signature(of: body)))
            request.headers.add(name: "x-ms-certificate-url", value: origin + "/webhooks/v1/certificate")
            request.headers.add(name: "x-ms-signature-algorithm", value: "rsa-sha256")
            request.headers.add(name: "x-ms-event-id", value: event.id)
            request.headers.add(name: "MS-CorrelationId", value: event.id)
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await client.execute(request, timeout: Self.attemptTimeout)
            _ = try? await response.body.collect(upTo: Self.maximumAnswerBytes)
            let status = Int(response.status.code)
            guard (200..<300).contains(status) else {
                await finish(event, .status(status), detail: "HTTP " + String(status) + " from " + target.address)
                return false
            }
            await finish(event, nil, detail: nil)
            return true
        } catch {
            await finish(event, .noAnswer, detail: String(describing: error) + " at " + target.address)
            return false
        }
    }

    /// Records an attempt: `failure` is what the partner sees, `detail` (the socket error, the address) only the
    /// operator's log.
    func finish(_ event: ClaimedWebhookEvent, _ failure: WebhookDeliveryFailure?, detail: String?, dropped: Bool = false) async {
        let now = clock.now()
        let retryAt =
            failure == nil || dropped || event.attempt >= WebhookRetry.maximumAttempts
            ? nil : now.addingTimeInterval(WebhookRetry.delay(afterAttempt: event.attempt, base: retryBase))
        if let failure {
            logger.info(
                "webhook attempt failed",
                metadata: [
                    "event": "\(event.id)", "attempt": "\(event.attempt)", "reason": "\(failure.lastError)", "detail": "\(detail ?? "")",
                    "retry": "\(retryAt.map(WireDate.format) ?? "no")",
                ]
            )
        }
        do {
            try await store.finishWebhookAttempt(event, at: now, error: failure?.lastError, retryAt: retryAt, dropped: dropped)
        } catch {
            logger.error("webhooks: could not record an attempt", metadata: ["event": "\(event.id)", "error": "\(error)"])
        }
    }
}

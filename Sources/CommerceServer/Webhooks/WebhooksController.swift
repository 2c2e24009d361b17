import CommerceCore
import CommerceStore
import Foundation
import HTTPTypes
import Hummingbird
import PartnerCenterModels

/// Webhook registration (after-checkout §8): `/webhooks/v1/registration` with a partner token, the event list,
/// validation events, the partner's delivery log, and the certificate deliveries are signed with.
struct WebhooksController {
    let store: Store
    let signer: WebhookSigner
    let clock: any CommerceClock
    let destinations: WebhookDestinations
    let ids: any IDGenerator
    let maxBodyBytes: Int
    let secure: Bool

    /// `test-created` events a partner may ask for in a minute (documented).
    static let validationEventsPerMinute = 2

    func addRoutes(to group: RouterGroup<PartnerRequestContext>) {
        group.get("registration", use: get)
        group.post("registration", use: create)
        group.put("registration", use: replace)
        group.delete("registration", use: delete)
        group.get("registration/events", use: events)
        group.post("registration/validationEvents", use: validate)
        group.get("registration/validationEvents/:correlationID", use: validation)
        group.get("registration/deliveries", use: deliveries)
    }

    /// The certificate, outside authentication: receivers fetch it to verify signatures.
    func addCertificateRoute<Context: RequestContext>(to router: Router<Context>) {
        router.get("webhooks/v1/certificate") { _, _ -> Response in
            let pem = try await signer.certificatePEM()
            return Response(
                status: .ok, headers: [.contentType: "application/x-pem-file", .cacheControl: "public, max-age=3600"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: pem))
            )
        }
    }

    @Sendable func get(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let caller = try context.caller()
        guard let stored = try await store.webhookRegistration(partnerID: caller.partnerTenantID) else {
            throw HTTPFault(.notFound, "No webhook is registered for this partner.")
        }
        return try JSONResponse.make(stored.registration)
    }

    @Sendable func create(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        try await save(request, context: context, mustExist: false)
    }

    @Sendable func replace(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        try await save(request, context: context, mustExist: true)
    }

    func save(_ request: Request, context: PartnerRequestContext, mustExist: Bool) async throws -> Response {
        let caller = try context.caller()
        let body = try await RequestBody.decode(WebhookRegistration.self, from: request, limit: maxBodyBytes)
        let checked = try WebhookRegistrationRules.check(body, destinations: destinations)
        let origin = try Self.origin(of: request, secure: secure)
        let answering: Answering<WebhookRegistration> = context.answering { saved in try StoredResponse.json(saved, status: .ok) }
        let stored = try await store.saveWebhookRegistration(
            checked, partnerID: caller.partnerTenantID, origin: origin, mustExist: mustExist, subscriberID: ids.guid(), at: clock.now(),
            answering: answering
        )
        return try context.answer(stored)
    }

    @Sendable func delete(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let caller = try context.caller()
        let answering: Answering<String> = context.answering { _ in StoredResponse(status: 204, headers: [], body: "") }
        return try context.answer(try await store.deleteWebhookRegistration(partnerID: caller.partnerTenantID, at: clock.now(), answering: answering))
    }

    @Sendable func events(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        _ = try context.caller()
        return try JSONResponse.make(WebhookEventName.all)
    }

    /// Queues a `test-created` event; at most two a minute (429 with Retry-After past that).
    @Sendable func validate(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let caller = try context.caller()
        _ = try await RequestBody.collect(request, limit: maxBodyBytes)
        guard
            let correlation = try await store.raiseTestEvent(
                partnerID: caller.partnerTenantID, at: clock.now(), limit: Self.validationEventsPerMinute, window: 60
            )
        else {
            return ThrottlingMiddleware.refusal(retryAfter: 60)
        }
        return try JSONResponse.make(["correlationId": correlation])
    }

    /// How a validation event's delivery went: `{correlationId, partnerId, status, events}`.
    @Sendable func validation(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let caller = try context.caller()
        let correlation = try context.parameters.require("correlationID")
        guard UUID(uuidString: correlation) != nil,
            let delivery = try await store.webhookDeliveries(partnerID: caller.partnerTenantID, correlationID: correlation, limit: 1).first
        else {
            throw HTTPFault(.notFound, "No validation event \(String(correlation.prefix(64))).")
        }
        let status = delivery.state == "delivered" ? "completed" : delivery.state
        return try JSONResponse.make(
            ValidationStatus(correlationId: correlation.lowercased(), partnerId: caller.partnerTenantID, status: status, events: [delivery]))
    }

    /// The partner's most recent events and their deliveries, newest first (at most 100).
    @Sendable func deliveries(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let caller = try context.caller()
        return try JSONResponse.make(ResourceCollection(items: try await store.webhookDeliveries(partnerID: caller.partnerTenantID)))
    }

    struct ValidationStatus: Codable {
        var correlationId: String
        var partnerId: String
        var status: String
        var events: [WebhookDelivery]
    }

    /// `http(s)://host[:port]` as the client reached this server, for the URIs events carry: only the characters a
    /// host and port can hold, so nothing a client sends in `Host` can be written into an event.
    static func origin(of request: Request, secure: Bool) throws -> String {
        let authority = request.head.authority ?? ""
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
        guard (1...255).contains(authority.count), authority.allSatisfy({ allowed.contains($0) }) else {
            throw HTTPFault(.invalidInput, "The Host header is not a host name.", data: ["Host"])
        }
        return (secure ? "https://" : "http://") + authority
    }
}

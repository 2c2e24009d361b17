import Foundation
import PartnerCenterModels

/// A partner's webhook registration as stored, with the origin its event URIs are written from.
public struct StoredWebhookRegistration: Sendable, Equatable {
    public var registration: WebhookRegistration
    /// `https://host:port` as the registering client reached this server.
    public var origin: String
}

/// One event of the outbox, as the partner's delivery log shows it.
public struct WebhookDelivery: Codable, Sendable, Equatable {
    public var eventId: String
    public var eventName: String
    public var resourceUri: String
    public var resourceName: String
    public var resourceChangeUtcDate: Date
    public var correlationId: String?
    /// `pending` (waiting for its next attempt), `delivered`, `failed` (out of attempts) or `dropped` (the
    /// registration was removed before it could be delivered).
    public var state: String
    public var attempts: Int
    public var lastAttemptAt: Date?
    public var lastError: String?
    public var deliveredAt: Date?
}

/// An event claimed for delivery: its body, where it goes, and which attempt this is.
public struct ClaimedWebhookEvent: Sendable {
    public var id: String
    public var partnerID: String
    public var body: WebhookEventBody
    public var attempt: Int
    /// The registered URL; nil when the registration is gone.
    public var url: String?
    public var origin: String?
}

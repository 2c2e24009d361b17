import Foundation
import NIOHTTP1
import PartnerCenterModels

/// `partner.webhooks`: the partner's webhook registration (`/webhooks/v1/registration`), its validation events and
/// delivery log.
public struct WebhookOperations: Sendable {
    let client: PartnerCenterClient

    static let path = "/webhooks/v1/registration"

    /// The current registration.
    public func get() async throws -> WebhookRegistration {
        try await client.send(.GET, Self.path)
    }

    /// Registers `url` for `events` (one registration per partner).
    public func register(url: String, events: [String], requestID: String? = nil) async throws -> WebhookRegistration {
        try await client.send(.POST, Self.path, body: WebhookRegistration(webhookUrl: url, webhookEvents: events), requestID: requestID)
    }

    /// Replaces the registration's URL and events.
    public func update(url: String, events: [String], requestID: String? = nil) async throws -> WebhookRegistration {
        try await client.send(.PUT, Self.path, body: WebhookRegistration(webhookUrl: url, webhookEvents: events), requestID: requestID)
    }

    /// Removes the registration.
    public func delete(requestID: String? = nil) async throws {
        _ = try await client.perform(.DELETE, Self.path, body: nil, headers: [], requestID: requestID)
    }

    /// The event names a registration may list.
    public func events() async throws -> [String] {
        try await client.send(.GET, "\(Self.path)/events")
    }

    /// Sends a `test-created` event to the registered URL; returns its correlation id.
    public func sendTestEvent(requestID: String? = nil) async throws -> String {
        let answer: [String: String] = try await client.send(.POST, "\(Self.path)/validationEvents", requestID: requestID)
        return answer["correlationId"] ?? ""
    }

    /// The partner's recent events and how their delivery went, newest first, as JSON.
    public func deliveries() async throws -> ResourceCollection<JSONValue> {
        try await client.send(.GET, "\(Self.path)/deliveries")
    }
}

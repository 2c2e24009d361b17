import Foundation

/// A partner's webhook registration (`/webhooks/v1/registration`), spelled as the docs write it:
/// `{"SubscriberId": "…", "WebhookUrl": "https://…", "WebhookEvents": ["subscription-updated"]}`.
public struct WebhookRegistration: Codable, Hashable, Sendable {
    public var subscriberId: String?
    public var webhookUrl: String
    public var webhookEvents: [String]

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case subscriberId = "SubscriberId"
        case webhookUrl = "WebhookUrl"
        case webhookEvents = "WebhookEvents"
    }

    public init(subscriberId: String? = nil, webhookUrl: String, webhookEvents: [String]) {
        self.subscriberId = subscriberId
        self.webhookUrl = webhookUrl
        self.webhookEvents = webhookEvents
    }
}

/// What a webhook delivery carries: `{"EventName", "ResourceUri", "ResourceName", "AuditUri", "ResourceChangeUtcDate"}`.
public struct WebhookEventBody: Codable, Hashable, Sendable {
    public var eventName: String
    public var resourceUri: String
    public var resourceName: String
    public var auditUri: String?
    public var resourceChangeUtcDate: Date

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case eventName = "EventName"
        case resourceUri = "ResourceUri"
        case resourceName = "ResourceName"
        case auditUri = "AuditUri"
        case resourceChangeUtcDate = "ResourceChangeUtcDate"
    }

    public init(eventName: String, resourceUri: String, resourceName: String, auditUri: String?, resourceChangeUtcDate: Date) {
        self.eventName = eventName
        self.resourceUri = resourceUri
        self.resourceName = resourceName
        self.auditUri = auditUri
        self.resourceChangeUtcDate = resourceChangeUtcDate
    }

    /// `auditUri` is written as `null` when absent, as in the docs' example.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(eventName, forKey: .eventName)
        try container.encode(resourceUri, forKey: .resourceUri)
        try container.encode(resourceName, forKey: .resourceName)
        try container.encode(auditUri, forKey: .auditUri)
        try container.encode(resourceChangeUtcDate, forKey: .resourceChangeUtcDate)
    }
}

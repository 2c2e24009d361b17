import Foundation
import PartnerCenterModels

/// What a webhook registration must be: a URL deliveries may go to, and events from the documented list.
public enum WebhookRegistrationRules {
    /// The registration as kept: the URL checked, the event names in their documented spelling, each once.
    public static func check(_ registration: WebhookRegistration, destinations: WebhookDestinations) throws(CommerceError) -> WebhookRegistration {
        _ = try destinations.check(registration.webhookUrl)
        guard !registration.webhookEvents.isEmpty, registration.webhookEvents.count <= WebhookEventName.all.count * 2 else {
            throw CommerceError.invalidProperty("WebhookEvents", "WebhookEvents must name at least one event.")
        }
        var events: [String] = []
        for name in registration.webhookEvents {
            guard
                let known = WebhookEventName.all.first(where: { $0.caseInsensitiveCompare(name.trimmingCharacters(in: .whitespaces)) == .orderedSame }
                )
            else {
                throw CommerceError.invalidProperty(
                    "WebhookEvents", "\(String(name.prefix(64))) is not an event; GET /webhooks/v1/registration/events lists them.")
            }
            if !events.contains(known) { events.append(known) }
        }
        return WebhookRegistration(subscriberId: registration.subscriberId, webhookUrl: registration.webhookUrl, webhookEvents: events)
    }
}

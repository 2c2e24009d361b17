import CommerceCore
import Foundation

/// The address one delivery connects to, chosen at delivery time: an address literal checked as it is, or the
/// first address the name resolves to that the destination policy permits. The delivery is then pinned to that
/// address (`dnsOverride`), so a name that resolves elsewhere a moment later (DNS rebinding) changes nothing.
struct WebhookConnectTarget: Sendable {
    /// The address connected to, for the operator's log.
    var address: String
    /// The name → address pin for the HTTP client; empty for an address literal.
    var override: [String: String]

    /// Why no target was chosen.
    struct Refusal: Error {
        var failure: WebhookDeliveryFailure
        var detail: String
    }

    static func choose(
        for url: String, destinations: WebhookDestinations, resolver: any WebhookNameResolver
    ) async throws(Refusal) -> WebhookConnectTarget {
        guard let host = URL(string: url)?.host, !host.isEmpty else { throw Refusal(failure: .refusedByPolicy, detail: "no host in the URL") }
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if let literal = IPAddress(bare) {
            guard destinations.permits(literal, named: nil) else { throw Refusal(failure: .refusedByPolicy, detail: "\(bare) refused") }
            return WebhookConnectTarget(address: bare, override: [:])
        }
        let addresses: [String]
        do {
            addresses = try await resolver.addresses(of: host)
        } catch {
            throw Refusal(failure: .noAnswer, detail: host + " did not resolve: " + String(describing: error))
        }
        guard !addresses.isEmpty else { throw Refusal(failure: .noAnswer, detail: "\(host) did not resolve") }
        guard let chosen = addresses.first(where: { IPAddress($0).map { destinations.permits($0, named: host) } ?? false }) else {
            throw Refusal(failure: .refusedByPolicy, detail: "\(host) resolves to \(addresses.joined(separator: ", ")), all refused")
        }
        // The client looks the pin up by the URL's host as written; both spellings, so no case slips past it.
        var pin = [host: chosen]
        pin[host.lowercased()] = chosen
        return WebhookConnectTarget(address: chosen, override: pin)
    }
}

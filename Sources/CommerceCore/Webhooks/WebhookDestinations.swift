import Foundation

/// Where webhook deliveries may go. A server that POSTs wherever a client says is a way into the operator's
/// network, so the rule is on *addresses*, checked when a delivery connects (`WebhookConnectTarget`): a name is
/// resolved then, every time, and the delivery goes to an address that passed, never to the name again. A name
/// that looks local (`metadata.localhost`) is nothing special: what it resolves to decides.
///
/// By default only loopback (127.0.0.0/8, ::1), and that only while the server itself listens on loopback
/// (`loopbackByDefault`): a server other machines can reach must not let its partners probe its own host. The
/// operator allows more with `--webhook-allow`: `loopback`; an IP address or CIDR block; `public` for every address
/// that is not private, link-local or otherwise special; or a host name, whose addresses may then also be private
/// (the operator named a host inside their network). Link-local addresses (cloud metadata) only by block.
public struct WebhookDestinations: Sendable, Equatable {
    public var allowed: [String]
    /// Loopback allowed without the `loopback` rule: true while the server listens on loopback only.
    public var loopbackByDefault: Bool

    public init(allowed: [String] = [], loopbackByDefault: Bool = true) {
        self.allowed = allowed.map { $0.lowercased() }
        self.loopbackByDefault = loopbackByDefault
    }

    /// Longest URL kept.
    public static let maximumURLLength = 2048

    var allowsLoopback: Bool { loopbackByDefault || allowed.contains("loopback") }

    /// The URL as registered, or the refusal: an address literal must pass now; a name must be one that could
    /// (its addresses are checked at each delivery).
    public func check(_ text: String) throws(CommerceError) -> URL {
        guard text.utf8.count <= Self.maximumURLLength, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let host = url.host, !host.isEmpty, url.user == nil, url.password == nil
        else {
            throw CommerceError.invalidProperty("WebhookUrl", "WebhookUrl must be an absolute http or https URL.")
        }
        guard mayRegister(host: host) else {
            throw CommerceError.invalidProperty(
                "WebhookUrl", "Deliveries to \(host) are not allowed on this server; its operator can allow them with --webhook-allow."
            )
        }
        return url
    }

    /// Whether a URL naming `host` may be registered: an address that is permitted, or a name that some rule
    /// could let through once resolved.
    public func mayRegister(host rawHost: String) -> Bool {
        let host = Self.bare(rawHost)
        if let address = IPAddress(host) { return permits(address, named: nil) }
        if allowed.contains(host) { return true }
        if host == "localhost" || host.hasSuffix(".localhost") { return allowsLoopback || allowed.contains { IPBlock($0) != nil } }
        return allowed.contains("public") || allowed.contains { IPBlock($0) != nil }
    }

    /// Whether a delivery may connect to `address`, reached through the name `host` (nil for an address literal).
    public func permits(_ address: IPAddress, named host: String?) -> Bool {
        if allowed.contains(where: { IPBlock($0)?.contains(address) == true }) { return true }
        if address.isLoopback { return allowsLoopback }
        if allowed.contains("public"), !address.isSpecial { return true }
        if let host, allowed.contains(Self.bare(host)), address.isPrivate { return true }
        return false
    }

    /// A host as compared: lower case, without an IPv6 literal's brackets.
    static func bare(_ host: String) -> String { host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased() }
}

/// An IPv4 or IPv6 address as bytes.
public struct IPAddress: Sendable, Equatable {
    public var bytes: [UInt8]

    public init?(_ text: String) {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            let raw = withUnsafeBytes(of: &v6) { Array($0) }
            // An IPv4-mapped address (::ffff:a.b.c.d) is that IPv4 address.
            bytes = raw.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] ? Array(raw.suffix(4)) : raw
        } else {
            return nil
        }
    }

    public var isLoopback: Bool {
        bytes.count == 4 ? bytes[0] == 127 : bytes == [UInt8](repeating: 0, count: 15) + [1]
    }

    /// An operator's own network: 10/8, 172.16/12, 192.168/16, 100.64/10 (carrier NAT) and fc00::/7. Not loopback,
    /// not link-local.
    public var isPrivate: Bool {
        if bytes.count == 4 {
            let (a, b) = (bytes[0], bytes[1])
            return a == 10 || (a == 172 && (16...31).contains(b)) || (a == 192 && b == 168) || (a == 100 && (64...127).contains(b))
        }
        return (bytes[0] & 0xFE) == 0xFC
    }

    /// Private, link-local, loopback, unspecified, multicast or reserved: never reached by `public`.
    public var isSpecial: Bool {
        if bytes.count == 4 {
            let (a, b) = (bytes[0], bytes[1])
            return a == 0 || a == 10 || a == 127 || (a == 169 && b == 254) || (a == 172 && (16...31).contains(b)) || (a == 192 && b == 168)
                || (a == 100 && (64...127).contains(b)) || a >= 224
        }
        return isLoopback || bytes.allSatisfy { $0 == 0 } || (bytes[0] & 0xFE) == 0xFC || (bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0x80)
            || bytes[0] == 0xFF
    }
}

/// A CIDR block (`10.0.0.0/8`, `fd00::/8`), or one address.
struct IPBlock {
    var network: IPAddress
    var prefix: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let first = parts.first, let network = IPAddress(first) else { return nil }
        let length = network.bytes.count * 8
        guard let prefix = parts.count == 2 ? Int(parts[1]) : length, (0...length).contains(prefix) else { return nil }
        self.network = network
        self.prefix = prefix
    }

    func contains(_ address: IPAddress) -> Bool {
        guard address.bytes.count == network.bytes.count else { return false }
        var left = prefix
        for (a, b) in zip(address.bytes, network.bytes) where left > 0 {
            let bits = min(8, left)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if a & mask != b & mask { return false }
            left -= bits
        }
        return true
    }
}

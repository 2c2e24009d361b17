import Foundation

/// Where webhook deliveries may go. By default only loopback (`localhost`, 127.0.0.0/8, ::1): a server that
/// POSTs wherever a client says is a way into the operator's network. The operator allows more with
/// `--webhook-allow`: a host name, an IP address, a CIDR block, or `public` for every address that is not
/// private, link-local or otherwise special. Private and link-local addresses are allowed only by name or block.
public struct WebhookDestinations: Sendable, Equatable {
    public var allowed: [String]

    public init(allowed: [String] = []) { self.allowed = allowed }

    /// Longest URL kept.
    public static let maximumURLLength = 2048

    /// The URL as registered, or the refusal.
    public func check(_ text: String) throws(CommerceError) -> URL {
        guard text.utf8.count <= Self.maximumURLLength, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let host = url.host, !host.isEmpty, url.user == nil, url.password == nil
        else {
            throw CommerceError.invalidProperty("WebhookUrl", "WebhookUrl must be an absolute http or https URL.")
        }
        guard permits(host: host) else {
            throw CommerceError.invalidProperty(
                "WebhookUrl", "Deliveries to \(host) are not allowed on this server; its operator can allow them with --webhook-allow."
            )
        }
        return url
    }

    /// Whether deliveries may go to `host` (a name or an address literal, brackets allowed).
    public func permits(host rawHost: String) -> Bool {
        let host = rawHost.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if host == "localhost" || host.hasSuffix(".localhost") { return true }
        let address = IPAddress(host)
        if address?.isLoopback == true { return true }
        for rule in allowed.map({ $0.lowercased() }) {
            if rule == host { return true }
            if rule == "public", let address, !address.isSpecial { return true }
            if let address, let block = IPBlock(rule), block.contains(address) { return true }
        }
        return false
    }
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

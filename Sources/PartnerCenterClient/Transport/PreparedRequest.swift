/// A call as it would go on the wire, for ``PartnerCenterClient/previewing(_:)`` (the CLI's `--dry-run`).
public struct PreparedRequest: Sendable, CustomStringConvertible {
    public let method: String
    public let url: String
    /// Every header but the token, which is shown as `Bearer [redacted]` and never fetched.
    public let headers: [(name: String, value: String)]
    /// The JSON body, if the call has one.
    public let body: String?

    public var description: String {
        var lines = ["\(method) \(url)"] + headers.map { "\($0.name): \($0.value)" }
        if let body { lines += ["", body] }
        return lines.joined(separator: "\n")
    }
}

/// Thrown by a previewing client instead of sending: the call was reported and nothing left the process.
public struct RequestNotSent: Error, Sendable {
    public let request: PreparedRequest
}

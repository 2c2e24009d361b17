/// A hypermedia link as Partner Center writes it: `{"uri": "/customers/…", "method": "GET", "headers": []}`.
public struct Link: Codable, Hashable, Sendable {
    /// Relative to the service root, as in the docs' examples.
    public var uri: String
    public var method: String
    public var headers: [LinkHeader]

    public init(uri: String, method: String = "GET", headers: [LinkHeader] = []) {
        self.uri = uri
        self.method = method
        self.headers = headers
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: WireKey.self)
        uri = try container.decodeIfPresent(String.self, forKey: WireKey("uri")) ?? ""
        method = try container.decodeIfPresent(String.self, forKey: WireKey("method")) ?? "GET"
        headers = try container.decodeIfPresent([LinkHeader].self, forKey: WireKey("headers")) ?? []
    }
}

/// A header a client must send when it follows a link (e.g. `MS-ContinuationToken` on `links.next`).
public struct LinkHeader: Codable, Hashable, Sendable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// The `links` object of most resources: only the relations that apply are present.
public struct ResourceLinks: Codable, Hashable, Sendable {
    public var `self`: Link?
    public var next: Link?
    public var previous: Link?

    public init(self link: Link? = nil, next: Link? = nil, previous: Link? = nil) {
        self.`self` = link
        self.next = next
        self.previous = previous
    }
}

/// A page of resources: `{totalCount, items, links, attributes: {objectType: "Collection"}}`.
///
/// `continuationToken` is present on seek-based collections (customers); the same token also travels in
/// `links.next.headers` as `MS-ContinuationToken`, which is how the SDKs follow it.
public struct ResourceCollection<Item: Codable & Sendable>: Codable, Sendable {
    public var totalCount: Int
    public var items: [Item]
    public var continuationToken: String?
    public var links: ResourceLinks?
    public var attributes: ResourceAttributes

    public init(items: [Item], totalCount: Int? = nil, continuationToken: String? = nil, links: ResourceLinks? = nil) {
        self.items = items
        self.totalCount = totalCount ?? items.count
        self.continuationToken = continuationToken
        self.links = links
        self.attributes = ResourceAttributes(objectType: "Collection")
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: WireKey.self)
        items = try container.decodeIfPresent([Item].self, forKey: WireKey("items")) ?? []
        totalCount = try container.decodeIfPresent(Int.self, forKey: WireKey("totalCount")) ?? items.count
        continuationToken = try container.decodeIfPresent(String.self, forKey: WireKey("continuationToken"))
        links = try container.decodeIfPresent(ResourceLinks.self, forKey: WireKey("links"))
        attributes =
            try container.decodeIfPresent(ResourceAttributes.self, forKey: WireKey("attributes")) ?? ResourceAttributes(objectType: "Collection")
    }
}

/// `"attributes": {"objectType": "Cart"}` — the type tag every Partner Center resource carries.
public struct ResourceAttributes: Codable, Hashable, Sendable {
    public var etag: String?
    public var objectType: String?

    public init(objectType: String?, etag: String? = nil) {
        self.objectType = objectType
        self.etag = etag
    }
}

/// A partner's Microsoft Partner Network profile (`GET /v1/profiles/mpn`), as the docs' example writes it.
public struct MpnProfile: Codable, Hashable, Sendable {
    public var mpnId: String?
    public var profileType: String?
    public var links: ResourceLinks?
    public var attributes: ResourceAttributes?

    public init(mpnId: String) {
        self.mpnId = mpnId
        self.profileType = "MpnProfile"
        self.links = ResourceLinks(self: Link(uri: "/profiles/mpn"))
        self.attributes = ResourceAttributes(objectType: "MpnProfile")
    }
}

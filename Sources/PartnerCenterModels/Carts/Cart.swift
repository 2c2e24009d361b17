import Foundation

/// A customer's shopping cart (spec §3.1). Clients send `lineItems`; the server fills everything else.
public struct Cart: Codable, Hashable, Sendable {
    public var id: String?
    public var creationTimestamp: Date?
    public var lastModifiedTimestamp: Date?
    public var expirationTimestamp: Date?
    public var lastModifiedUser: String?
    public var lineItems: [CartLineItem]
    public var status: CartStatus?
    public var partnerOnRecordAttestationAccepted: Bool?
    public var links: ResourceLinks?
    public var attributes: ResourceAttributes?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, creationTimestamp, lastModifiedTimestamp, expirationTimestamp, lastModifiedUser, lineItems, status
        case partnerOnRecordAttestationAccepted, links, attributes
    }

    public init(id: String? = nil, lineItems: [CartLineItem], status: CartStatus? = nil) {
        self.id = id
        self.lineItems = lineItems
        self.status = status
        self.attributes = ResourceAttributes(objectType: "Cart")
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        creationTimestamp = try container.decodeIfPresent(Date.self, forKey: .creationTimestamp)
        lastModifiedTimestamp = try container.decodeIfPresent(Date.self, forKey: .lastModifiedTimestamp)
        expirationTimestamp = try container.decodeIfPresent(Date.self, forKey: .expirationTimestamp)
        lastModifiedUser = try container.decodeIfPresent(String.self, forKey: .lastModifiedUser)
        lineItems = try container.decodeIfPresent([CartLineItem].self, forKey: .lineItems) ?? []
        status = try container.decodeIfPresent(CartStatus.self, forKey: .status)
        partnerOnRecordAttestationAccepted = try container.decodeLenientBool(forKey: .partnerOnRecordAttestationAccepted)
        links = try? container.decodeIfPresent(ResourceLinks.self, forKey: .links)
        attributes = try? container.decodeIfPresent(ResourceAttributes.self, forKey: .attributes)
    }
}

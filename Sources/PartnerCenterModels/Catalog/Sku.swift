/// A purchasable variant of a product, e.g. SKU `004G` of `DZH318Z0BQ36` (spec §3.12).
public struct Sku: Codable, Hashable, Sendable {
    public var id: String
    public var productId: String
    public var title: String
    public var description: String?
    public var minimumQuantity: Int?
    public var maximumQuantity: Int?
    public var isTrial: Bool?
    public var supportedBillingCycles: [BillingCycleType]?
    public var purchasePrerequisites: [String]?
    public var inventoryVariables: [String]?
    public var provisioningVariables: [String]?
    public var dynamicAttributes: [String: JSONValue]?
    public var attestationProperties: AttestationProperties?
    public var consumptionType: String?
    public var links: SkuLinks?
    public var attributes: ResourceAttributes?

    public init(id: String, productId: String, title: String) {
        self.id = id
        self.productId = productId
        self.title = title
        self.attributes = ResourceAttributes(objectType: "Sku")
    }
}

/// Whether buying needs an explicit attestation (e.g. Windows 365): enforced ones need `attestationAccepted: true`.
public struct AttestationProperties: Codable, Hashable, Sendable {
    public var attestationType: String?
    public var enforceAttestation: Bool?

    public init(attestationType: String?, enforceAttestation: Bool?) {
        self.attestationType = attestationType
        self.enforceAttestation = enforceAttestation
    }
}

/// A SKU's links: its availabilities and itself.
public struct SkuLinks: Codable, Hashable, Sendable {
    public var availabilities: Link?
    public var `self`: Link?

    public init(availabilities: Link?, self link: Link?) {
        self.availabilities = availabilities
        self.`self` = link
    }
}

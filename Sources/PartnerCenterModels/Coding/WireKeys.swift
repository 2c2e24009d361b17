/// Case-insensitive property names on input (spec §1, ARCHITECTURE decision 3).
///
/// The .NET SDK sends `"CatalogItemId"`, the docs send `"catalogItemId"`, and the docs' own tables spell
/// `creationTimeStamp`. The decoder maps every incoming key through ``canonical(_:)`` before matching it
/// against a model's coding keys, so one set of Codable models serves every client.
public enum WireKeys {
    /// The canonical (camelCase) spelling of an incoming property name.
    ///
    /// Known names match regardless of case; an unknown name gets a lower-case first letter, which turns the
    /// .NET SDK's PascalCase into our camelCase even for properties registered nowhere (provisioning context keys).
    public static func canonical(_ key: String) -> String {
        if let known = table[key.lowercased()] { return known }
        guard let first = key.first, first.isUppercase else { return key }
        return first.lowercased() + key.dropFirst()
    }

    /// Every property name our input models declare, plus the alternative spellings clients really send.
    private static let table: [String: String] = {
        var names: [String] = []
        names += Cart.CodingKeys.allCases.map(\.rawValue)
        names += CartLineItem.CodingKeys.allCases.map(\.rawValue)
        names += Customer.CodingKeys.allCases.map(\.rawValue)
        names += CompanyProfile.CodingKeys.allCases.map(\.rawValue)
        names += BillingProfile.CodingKeys.allCases.map(\.rawValue)
        names += Address.CodingKeys.allCases.map(\.rawValue)
        names += Order.CodingKeys.allCases.map(\.rawValue)
        names += OrderLineItem.CodingKeys.allCases.map(\.rawValue)
        names += Subscription.CodingKeys.allCases.map(\.rawValue)
        names += WebhookRegistration.CodingKeys.allCases.map(\.rawValue)
        names += ScheduledNextTermInstructions.CodingKeys.allCases.map(\.rawValue)
        names += ScheduledNextTermInstructions.ScheduledProduct.CodingKeys.allCases.map(\.rawValue)
        names += ["key", "value", "termDuration", "objectType", "etag", "uri", "method", "headers", "subscriptionId", "parentSubscriptionId"]
        var table = Dictionary(names.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        // Spellings seen in the docs' tables and the Java SDK that differ by more than case.
        table["creationtimestamp"] = "creationTimestamp"
        table["addonitems"] = "addonItems"
        return table
    }()
}

/// The PowerShell module's cmdlets as aliases: `partner-commerce Submit-PartnerCustomerCart -CartId $c -CustomerId $k`
/// runs `carts submit --cart-id … --customer-id …`. Cmdlet and parameter names are matched without regard to case,
/// as PowerShell matches them; `-Name:value` works too, and `-WhatIf` is `--dry-run`.
enum CmdletAliases {
    /// A cmdlet's command, chosen by which parameters were given (Get-PartnerCustomer with or without -CustomerId).
    struct Alias {
        var command: [String]
        /// Used instead of `command` when this parameter (lower case) is present.
        var whenGiven: (parameter: String, command: [String])?
        /// PowerShell parameter (lower case) → our option, where kebab-case of the name is not it.
        var renamed: [String: String] = [:]
    }

    static let aliases: [String: Alias] = [
        "connect-partnercenter": Alias(
            command: ["login"],
            renamed: [
                "accesstoken": "token", "applicationid": "client-id", "tenant": "tenant", "environment": "environment", "credential": "client-secret",
            ]
        ),
        "disconnect-partnercenter": Alias(command: ["logout"]),
        "new-partnercustomer": Alias(
            command: ["customers", "create"],
            renamed: [
                "name": "company-name", "billingaddressline1": "address-line1",
                "billingaddresscity": "city", "billingaddressstate": "state", "billingaddresspostalcode": "postal-code",
                "billingaddresscountry": "country",
                "contactfirstname": "first-name", "contactlastname": "last-name", "contactemail": "email", "contactphonenumber": "phone-number",
            ]),
        "get-partnercustomer": Alias(command: ["customers", "list"], whenGiven: ("customerid", ["customers", "get"])),
        "new-partnercustomercart": Alias(command: ["carts", "new"]),
        "get-partnercustomercart": Alias(command: ["carts", "get"]),
        "set-partnercustomercart": Alias(command: ["carts", "set"]),
        "add-partnercustomercartlineitem": Alias(command: ["carts", "add-line-item"], renamed: ["lineitem": "line-items"]),
        "submit-partnercustomercart": Alias(command: ["carts", "submit"]),
        "get-partnercustomerorder": Alias(
            command: ["orders", "list"], whenGiven: ("orderid", ["orders", "get"]), renamed: ["billingcycle": "billing-type"]),
        "new-partnercustomerorder": Alias(command: ["orders", "new"]),
        "get-partnercustomerorderprovisioningstatus": Alias(command: ["orders", "status"]),
        "get-partnercustomersubscription": Alias(command: ["subscriptions", "list"], whenGiven: ("subscriptionid", ["subscriptions", "get"])),
        "get-partnercustomersubscriptionaddon": Alias(command: ["subscriptions", "addons"]),
        "set-partnercustomersubscription": Alias(command: ["subscriptions", "set"], renamed: ["autorenewenabled": "auto-renew"]),
        "get-partnerproduct": Alias(command: ["catalog", "products"], renamed: ["catalog": "target-view"]),
        "get-partnerproductsku": Alias(command: ["catalog", "skus"]),
        "get-partnerproductavailability": Alias(command: ["catalog", "availabilities"]),
        "get-partneroffer": Alias(command: ["catalog", "offers"]),
    ]

    /// Parameters every cmdlet shares.
    /// PowerShell matches names case-insensitively, so `-customerid` must work as `-CustomerId` does: the names are
    /// looked up lower-cased, and only an unknown name falls back to kebab-casing its spelling.
    static let common: [String: String] = [
        "countrycode": "country", "whatif": "dry-run", "lineitems": "line-items", "customerid": "customer-id", "cartid": "cart-id",
        "orderid": "order-id", "subscriptionid": "subscription-id", "productid": "product-id", "skuid": "sku-id", "offerid": "offer-id",
        "catalogitemid": "catalog-item-id", "billingcycle": "billing-cycle", "termduration": "term-duration", "friendlyname": "friendly-name",
        "currencycode": "currency-code", "customeruserupn": "customer-user-upn", "requestid": "request-id", "refreshtoken": "refresh-token",
        "clientsecret": "client-secret", "targetview": "target-view", "companyname": "company-name",
    ]
    /// PowerShell switches with no counterpart here, dropped (`-Confirm` asks interactively).
    static let ignored: Set<String> = ["confirm", "confirm:$false", "confirm:$true"]

    /// `arguments` with a leading cmdlet name rewritten; anything else unchanged.
    static func translate(_ arguments: [String]) -> [String] {
        guard let first = arguments.first, let alias = aliases[first.lowercased()] else { return arguments }
        var rest: [String] = []
        var given: Set<String> = []
        for argument in arguments.dropFirst() {
            // `--long` options, one-letter flags (`-o json`) and negative numbers pass through as they are.
            guard argument.hasPrefix("-"), !argument.hasPrefix("--"), argument.count > 2, !(argument.dropFirst().first?.isNumber ?? false) else {
                rest.append(argument)
                continue
            }
            var name = String(argument.dropFirst())
            var inlineValue: String?
            if let colon = name.firstIndex(of: ":") {
                inlineValue = String(name[name.index(after: colon)...])
                name = String(name[..<colon])
            }
            let lower = name.lowercased()
            if ignored.contains(lower) { continue }
            given.insert(lower)
            let option = alias.renamed[lower] ?? common[lower] ?? kebab(name)
            if let inlineValue {
                // `-WhatIf:$false` turns a switch off: leave it out.
                if option == "dry-run" {
                    if inlineValue.lowercased() != "$false" { rest.append("--dry-run") }
                } else {
                    rest += ["--\(option)", inlineValue]
                }
            } else {
                rest.append("--\(option)")
            }
        }
        let command = alias.whenGiven.flatMap { given.contains($0.parameter) ? $0.command : nil } ?? alias.command
        return command + rest
    }

    /// `CustomerId` → `customer-id`, `CatalogItemId` → `catalog-item-id`.
    static func kebab(_ name: String) -> String {
        var out = ""
        let characters = Array(name)
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) { out.append("-") }
            }
            out.append(Character(character.lowercased()))
        }
        return out
    }
}

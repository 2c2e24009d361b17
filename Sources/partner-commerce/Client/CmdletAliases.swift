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
        "get-partnercustomeragreement": Alias(command: ["customers", "agreement", "list"]),
        "new-partnercustomeragreement": Alias(
            command: ["customers", "agreement", "accept"],
            renamed: [
                "contactfirstname": "first-name", "contactlastname": "last-name", "contactemail": "email", "contactphonenumber": "phone-number",
                "templateid": "template-id", "dateagreed": "date-agreed",
            ]),
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
        "get-partnerinvoice": Alias(command: ["invoices", "list"], whenGiven: ("invoiceid", ["invoices", "get"])),
        "get-partnerinvoicelineitem": Alias(
            command: ["invoices", "lines"], renamed: ["billingprovider": "provider", "lineitemtype": "line-item-type", "currencycode": "currency"]),
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

    /// PowerShell's common parameters that take a value and mean nothing here: dropped with their value, and named
    /// on stderr with what to do instead.
    static let ignoredWithValue: [String: String] = [
        "erroraction": "a failed command exits non-zero (see the exit codes); test $LASTEXITCODE",
        "warningaction": "warnings go to stderr", "informationaction": "information goes to stdout",
        "errorvariable": "the error is printed on stderr", "warningvariable": "warnings go to stderr",
        "informationvariable": "information goes to stdout", "outvariable": "capture stdout instead",
        "outbuffer": "output is written as it comes", "pipelinevariable": "there is no pipeline here",
    ]

    /// The cmdlets answered here, as the PowerShell module spells them (named when an unknown one is asked for).
    static let names = [
        "Connect-PartnerCenter", "Disconnect-PartnerCenter", "New-PartnerCustomer", "Get-PartnerCustomer", "Get-PartnerCustomerAgreement",
        "New-PartnerCustomerAgreement", "New-PartnerCustomerCart",
        "Get-PartnerCustomerCart", "Set-PartnerCustomerCart", "Add-PartnerCustomerCartLineItem", "Submit-PartnerCustomerCart",
        "Get-PartnerCustomerOrder", "New-PartnerCustomerOrder", "Get-PartnerCustomerOrderProvisioningStatus", "Get-PartnerCustomerSubscription",
        "Get-PartnerCustomerSubscriptionAddOn", "Set-PartnerCustomerSubscription", "Get-PartnerProduct", "Get-PartnerProductSku",
        "Get-PartnerProductAvailability", "Get-PartnerOffer", "Get-PartnerInvoice", "Get-PartnerInvoiceLineItem",
    ]

    /// What the command line becomes: the arguments to parse, notes for stderr, or a refusal (exit 2).
    struct Translation: Equatable {
        var arguments: [String]
        var notes: [String] = []
        var refusal: String?
    }

    /// `arguments` with a leading cmdlet name rewritten; anything else unchanged.
    static func translate(_ arguments: [String]) -> [String] { translation(arguments).arguments }

    /// `arguments` read as PowerShell habits would write them: a cmdlet's name and parameters, `help <cmdlet>`,
    /// `-?`, `$true`/`$false`, the common parameters; an unknown `Verb-Partner…` name is refused with the list.
    static func translation(_ arguments: [String]) -> Translation {
        guard let first = arguments.first else { return Translation(arguments: arguments) }
        // `help Submit-PartnerCustomerCart` and `Get-Help …`: the command's own help, not the top-level one.
        if ["help", "get-help"].contains(first.lowercased()), arguments.count >= 2, let alias = aliases[arguments[1].lowercased()] {
            return Translation(arguments: alias.command + ["--help"])
        }
        guard let alias = aliases[first.lowercased()] else {
            if isCmdletName(first) {
                return Translation(
                    arguments: arguments,
                    refusal: "error: " + first + " is not supported here. Supported cmdlets: " + names.joined(separator: ", ") + ".")
            }
            return Translation(arguments: arguments)
        }
        var rest: [String] = []
        var notes: [String] = []
        var given: Set<String> = []
        var skipValue = false
        for argument in arguments.dropFirst() {
            if skipValue {
                skipValue = false
                continue
            }
            if argument == "-?" { return Translation(arguments: alias.command + ["--help"]) }
            // `$true` and `$false` as PowerShell writes booleans.
            if ["$true", "$false"].contains(argument.lowercased()) {
                rest.append(String(argument.dropFirst()).lowercased())
                continue
            }
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
            if let instead = ignoredWithValue[lower] {
                notes.append("note: -" + name + " is ignored: " + instead + ".")
                skipValue = inlineValue == nil
                continue
            }
            if lower == "debug" {
                notes.append("note: -Debug is ignored; -Verbose shows every HTTP attempt on stderr.")
                continue
            }
            if let value = inlineValue, ["$true", "$false"].contains(value.lowercased()), option(for: lower, in: alias, spelt: name) != "dry-run" {
                inlineValue = String(value.dropFirst()).lowercased()
            }
            given.insert(lower)
            let option = option(for: lower, in: alias, spelt: name)
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
        return Translation(arguments: command + rest, notes: notes)
    }

    /// Our option for a PowerShell parameter.
    static func option(for lower: String, in alias: Alias, spelt name: String) -> String {
        alias.renamed[lower] ?? common[lower] ?? kebab(name)
    }

    /// `Verb-PartnerNoun`, the module's naming: a cmdlet this CLI may simply not have.
    static func isCmdletName(_ text: String) -> Bool {
        let parts = text.split(separator: "-", maxSplits: 1)
        return parts.count == 2 && parts[0].allSatisfy(\.isLetter) && parts[1].lowercased().hasPrefix("partner")
            && parts[1].allSatisfy { $0.isLetter || $0.isNumber }
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

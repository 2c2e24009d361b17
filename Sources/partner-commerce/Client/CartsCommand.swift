import ArgumentParser
import PartnerCenterClient
import PartnerCenterModels

/// `partner-commerce carts new|get|set|add-line-item|submit`.
struct CartsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carts", abstract: "Make, change and check out a customer's carts.",
        subcommands: [New.self, Get.self, Set.self, AddLineItem.self, Submit.self]
    )

    /// The customer and cart a command works on.
    struct CartAddress: ParsableArguments {
        @Option(help: "The customer's tenant id.") var customerID: String
        @Option(help: "The cart's id.") var cartID: String
    }

    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a cart (PowerShell: New-PartnerCustomerCart).")
        @OptionGroup var client: ClientOptions
        @Option(help: "The customer's tenant id.") var customerID: String
        @OptionGroup var lines: LineItemOptions
        @Option(help: "The MS-RequestId to send: repeating a create with the same id makes one cart.") var requestID: String?
        @Flag(help: "Fail (exit 4) when a line comes back with an error, instead of only warning.") var strict = false

        func run() async throws {
            let items = try lines.items()
            guard !items.isEmpty else { throw ClientFailure.usage("a cart needs line items: --catalog-item-id … or --line-items.") }
            try await ClientSession.run(client) { session in
                let cart = try await session.client.customers.byID(customerID).carts.create(
                    Cart(lineItems: Self.numbered(items)), requestID: requestID)
                try Output(format: client.output).show(cart, ids: [cart.id ?? ""]) { Views.cart(cart) }
                try CartLineWarnings.report(cart, strict: strict)
            }
        }

        /// Line items numbered 0, 1, … where the caller gave no ids, as the SDKs' samples do.
        static func numbered(_ items: [CartLineItem]) -> [CartLineItem] {
            items.enumerated().map { index, item in
                var item = item
                if item.id == nil { item.id = index }
                return item
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read a cart (PowerShell: Get-PartnerCustomerCart).")
        @OptionGroup var client: ClientOptions
        @OptionGroup var cart: CartAddress

        func run() async throws {
            try await ClientSession.run(client) { session in
                let read = try await session.client.customers.byID(cart.customerID).carts.byID(cart.cartID).get()
                try Output(format: client.output).show(read, ids: [read.id ?? ""]) { Views.cart(read) }
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace a cart's line items (PowerShell: Set-PartnerCustomerCart).")
        @OptionGroup var client: ClientOptions
        @OptionGroup var cart: CartAddress
        @OptionGroup var lines: LineItemOptions
        @Flag(help: "Fail (exit 4) when a line comes back with an error, instead of only warning.") var strict = false

        func run() async throws {
            let items = try lines.items()
            guard !items.isEmpty else { throw ClientFailure.usage("give the cart's new line items: --catalog-item-id … or --line-items.") }
            try await ClientSession.run(client) { session in
                let put = try await session.client.customers.byID(cart.customerID).carts.byID(cart.cartID)
                    .put(Cart(id: cart.cartID, lineItems: New.numbered(items)))
                try Output(format: client.output).show(put, ids: [put.id ?? ""]) { Views.cart(put) }
                try CartLineWarnings.report(put, strict: strict)
            }
        }
    }

    struct AddLineItem: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-line-item",
            abstract: "Add line items to a cart: read it, then put it back with them (PowerShell: Add-PartnerCustomerCartLineItem)."
        )
        @OptionGroup var client: ClientOptions
        @OptionGroup var cart: CartAddress
        @OptionGroup var lines: LineItemOptions
        @Flag(help: "Fail (exit 4) when a line comes back with an error, instead of only warning.") var strict = false

        func run() async throws {
            let items = try lines.items()
            guard !items.isEmpty else { throw ClientFailure.usage("give the line items to add: --catalog-item-id … or --line-items.") }
            // A dry run reads the cart for real and prints the PUT it would send.
            try await ClientSession.run(client, sendingReads: true) { session in
                let operations = session.client.customers.byID(cart.customerID).carts.byID(cart.cartID)
                var current = try await operations.get()
                // Everything the cart had is sent back as read, so no field of an existing line is lost.
                let next = (current.lineItems.compactMap(\.id).max() ?? -1) + 1
                current.lineItems += items.enumerated().map { offset, item in
                    var item = item
                    item.id = next + offset
                    return item
                }
                let put = try await operations.put(current)
                try Output(format: client.output).show(put, ids: [put.id ?? ""]) { Views.cart(put) }
                try CartLineWarnings.report(put, strict: strict)
            }
        }
    }

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a cart out (PowerShell: Submit-PartnerCustomerCart).",
            discussion: """
                Prints the orders placed and every order group that failed. Exits 3 when any group failed (a partial \
                checkout), so a script cannot mistake it for success. Retries reuse one MS-RequestId, so a lost answer \
                never buys twice; --request-id repeats an earlier submit whose answer was lost, even from another process.
                """
        )
        @OptionGroup var client: ClientOptions
        @OptionGroup var cart: CartAddress
        @Option(name: .customLong("customer-user-upn"), help: "Assign licences to this user of the customer (x-ms-customeruser-upn).")
        var customerUserUPN: String?
        @Option(help: "The MS-RequestId to send.") var requestID: String?

        func run() async throws {
            try await ClientSession.run(client) { session in
                let result = try await session.client.customers.byID(cart.customerID).carts.byID(cart.cartID)
                    .checkout(customerUserUPN: customerUserUPN, requestID: requestID)
                try Output(format: client.output).show(result, ids: result.orders.compactMap(\.id)) { Views.checkout(result) }
                if !result.orderErrors.isEmpty {
                    throw ClientFailure(
                        code: ClientFailure.partialCheckout,
                        description: "error: partial checkout: \(result.orderErrors.count) order group(s) failed: "
                            + result.orderErrors.map { "\($0.orderGroupId) (\($0.code))" }.joined(separator: ", ")
                    )
                }
            }
        }
    }
}

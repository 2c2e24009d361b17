import ArgumentParser
import PartnerCenterClient
import PartnerCenterModels

/// `partner-commerce catalog products|skus|availabilities|offers`: the catalog as the API serves it.
enum CatalogClientCommands {
    struct Products: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Products of a market (PowerShell: Get-PartnerProduct).")
        @OptionGroup var client: ClientOptions
        @Option(help: "Two-letter country code.") var country: String = "US"
        @Option(help: "OnlineServices, Azure, Software, …") var targetView: String = "OnlineServices"
        @Option(help: "One product, by id.") var productID: String?

        func run() async throws {
            try await ClientSession.run(client) { session in
                let market = session.client.products.byCountry(country)
                let products =
                    if let productID { [try await market.byID(productID).get()] } else { try await market.byTargetView(targetView).get().items }
                try Output(format: client.output).show(ResourceCollection(items: products), ids: products.map(\.id)) {
                    TextTable.render(["PRODUCT", "TITLE", "TYPE"], products.map { [$0.id, $0.title, $0.productType?.id ?? ""] })
                }
            }
        }
    }

    struct Skus: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A product's SKUs (PowerShell: Get-PartnerProductSku).")
        @OptionGroup var client: ClientOptions
        @Option(help: "Two-letter country code.") var country: String = "US"
        @Option(help: "The product's id.") var productID: String
        @Option(help: "One SKU, by id.") var skuID: String?

        func run() async throws {
            try await ClientSession.run(client) { session in
                let skus = session.client.products.byCountry(country).byID(productID).skus
                let items = if let skuID { [try await skus.byID(skuID).get()] } else { try await skus.get().items }
                try Output(format: client.output).show(ResourceCollection(items: items), ids: items.map(\.id)) {
                    TextTable.render(
                        ["SKU", "TITLE", "BILLING"],
                        items.map { [$0.id, $0.title, ($0.supportedBillingCycles ?? []).map(\.wireValue).joined(separator: ",")] })
                }
            }
        }
    }

    struct Availabilities: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A SKU's availabilities; their catalog item ids go into carts (PowerShell: Get-PartnerProductAvailability).")
        @OptionGroup var client: ClientOptions
        @Option(help: "Two-letter country code.") var country: String = "US"
        @Option(help: "The product's id.") var productID: String
        @Option(help: "The SKU's id.") var skuID: String
        @Option(help: "commercial, education, government, nonprofit.") var segment: String?

        func run() async throws {
            try await ClientSession.run(client) { session in
                let items = try await session.client.products.byCountry(country).byID(productID).skus.byID(skuID).availabilities.get(
                    targetSegment: segment
                ).items
                try Output(format: client.output).show(ResourceCollection(items: items), ids: items.map(\.catalogItemId)) {
                    TextTable.render(
                        ["CATALOG ITEM", "SEGMENT", "TERMS"],
                        items.map { [$0.catalogItemId, $0.segment ?? "", ($0.terms ?? []).compactMap(\.duration).joined(separator: ",")] }
                    )
                }
            }
        }
    }

    struct Offers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Legacy offers of a market (PowerShell: Get-PartnerOffer).")
        @OptionGroup var client: ClientOptions
        @Option(help: "Two-letter country code.") var country: String = "US"
        @Option(help: "One offer, by id.") var offerID: String?

        func run() async throws {
            try await ClientSession.run(client) { session in
                let market = session.client.offers.byCountry(country)
                let offers = if let offerID { [try await market.byID(offerID).get()] } else { try await market.get().items }
                try Output(format: client.output).show(ResourceCollection(items: offers), ids: offers.map(\.id)) {
                    TextTable.render(["OFFER", "NAME", "BILLING"], offers.map { [$0.id, $0.name, $0.billing ?? ""] })
                }
            }
        }
    }
}

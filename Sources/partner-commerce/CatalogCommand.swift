import ArgumentParser
import CommerceCore
import CommerceStore
import Foundation

/// `partner-commerce catalog …`: manage the catalog the server sells from.
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "Read the catalog through the API, or replace the store's catalog.",
        subcommands: [
            CatalogClientCommands.Products.self, CatalogClientCommands.Skus.self, CatalogClientCommands.Availabilities.self,
            CatalogClientCommands.Offers.self, Import.self,
        ]
    )

    /// `partner-commerce catalog import FILE`: replaces the whole catalog; running servers pick it up on their next catalog read.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace the catalog with a JSON catalog file.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The catalog file (see Sources/CommerceServer/Resources/default-catalog.json).") var file: String

        func run() async throws {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            let catalog: CatalogFile
            do {
                catalog = try JSONDecoder().decode(CatalogFile.self, from: data)
            } catch {
                throw ValidationError("\(file) is not a catalog file: \(error)")
            }
            let opened = try await openOnSharedClock(store)
            do {
                try await opened.replaceCatalog(catalog)
                await opened.close()
            } catch let error as CommerceError {
                await opened.close()
                throw ValidationError(error.description)
            }
            print("imported \(catalog.products.count) products and \(catalog.offers.count) offers")
        }
    }
}

import ArgumentParser
import CommerceStore

/// `partner-commerce migrate`: applies the store's migrations and exits, so an operator can upgrade the
/// schema before rolling out new nodes (serve also migrates on start).
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations without serving.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let opened = try await openOnSharedClock(store)
        print("\(opened.engineName) store at schema version \(Store.schemaVersion)")
        await opened.close()
    }
}

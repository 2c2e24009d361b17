import CommerceCore
import Foundation

/// The catalog shipped with the server: every item the docs' examples use plus a realistic NCE set.
public enum DefaultCatalog {
    /// Reads the bundled `default-catalog.json`.
    public static func load() throws -> CatalogFile {
        guard let url = Bundle.module.url(forResource: "default-catalog", withExtension: "json") else {
            throw CommerceError(.unexpected, "default-catalog.json is missing from the build.")
        }
        return try JSONDecoder().decode(CatalogFile.self, from: Data(contentsOf: url))
    }
}

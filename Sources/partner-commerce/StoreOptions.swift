#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import ArgumentParser
import CommerceStore

/// Where the data lives, shared by every command that opens the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "Folder of the embedded SQLite store (env PARTNER_COMMERCE_DATA_DIR).")
    var dataDir: String?

    var location: StoreLocation {
        .sqlite(directory: dataDir ?? Environment.value("PARTNER_COMMERCE_DATA_DIR") ?? ".partner-commerce")
    }
}

/// Environment variables, read once where options have no flag value.
enum Environment {
    static func value(_ name: String) -> String? {
        guard let raw = getenv(name) else { return nil }
        let text = String(cString: raw)
        return text.isEmpty ? nil : text
    }
}

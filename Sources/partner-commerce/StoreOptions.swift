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

    @Option(name: .long, help: "Use PostgreSQL instead: postgres://user:password@host:port/database?sslmode=disable|prefer|require (env DATABASE_URL).")
    var databaseURL: String?

    @Option(name: .long, help: "Most PostgreSQL connections this process opens.")
    var poolSize: Int = 10

    /// PostgreSQL when a URL is given (flag, then `DATABASE_URL`), else the SQLite data folder.
    var location: StoreLocation {
        if let url = databaseURL ?? Environment.value("DATABASE_URL") {
            return .postgres(url: url, poolSize: poolSize)
        }
        return .sqlite(directory: dataDir ?? Environment.value("PARTNER_COMMERCE_DATA_DIR") ?? ".partner-commerce")
    }

    func validate() throws {
        guard poolSize >= 2 else { throw ValidationError("--pool-size must be at least 2.") }
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

import ArgumentParser
import CommerceStore

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Where the data lives, shared by every command that opens the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "Folder of the embedded SQLite store (env PARTNER_COMMERCE_DATA_DIR).")
    var dataDir: String?

    @Option(
        name: .long, help: "Use PostgreSQL instead: postgres://user:password@host:port/database?sslmode=disable|prefer|require (env DATABASE_URL).")
    var databaseURL: String?

    @Option(name: .long, help: "Most PostgreSQL connections this process opens.")
    var poolSize: Int = 10

    /// Flags before environment: `--database-url`, then `--data-dir`, then `DATABASE_URL`, then
    /// `PARTNER_COMMERCE_DATA_DIR`, then `./.partner-commerce`. (An explicit `--data-dir` must not be overridden by
    /// a `DATABASE_URL` that happens to be in the environment.)
    var location: StoreLocation {
        if let url = databaseURL { return .postgres(url: url, poolSize: poolSize) }
        if let dataDir { return .sqlite(directory: dataDir) }
        if let url = Environment.value("DATABASE_URL") { return .postgres(url: url, poolSize: poolSize) }
        return .sqlite(directory: folder)
    }

    /// The store's folder: the SQLite files, and what a PostgreSQL store keeps beside it (`serve --tls`'s certificates).
    var folder: String { dataDir ?? Environment.value("PARTNER_COMMERCE_DATA_DIR") ?? ".partner-commerce" }

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

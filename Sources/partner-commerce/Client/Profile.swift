import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What `login` saved: where the API is and how to get a token. Only one kind of credential is kept; a password
/// never is (its sign-in's refresh token is kept instead).
struct Profile: Codable, Equatable {
    /// The REST root, without `/v1`.
    var apiRoot: String
    /// The token authority (Microsoft's, or the server itself).
    var authority: String
    var tenant: String
    var clientID: String?
    var clientSecret: String?
    /// App+User: the newest refresh token (rotated ones are saved back after each command).
    var refreshToken: String?
    /// A bearer token given as it is (`login --token`).
    var accessToken: String?
    /// The server's `/_admin` key, for `partner-commerce admin` (`admin login`).
    var adminKey: String?
}

/// The profiles file: `$XDG_CONFIG_HOME/partner-commerce/profiles.json` (default `~/.config/…`), readable by its
/// owner only (0600 in a 0700 folder), because it holds secrets.
struct ProfileStore {
    let file: URL

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let config =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".config")
        file = config.appendingPathComponent("partner-commerce").appendingPathComponent("profiles.json")
    }

    func load() throws -> [String: Profile] {
        guard let data = FileManager.default.contents(atPath: file.path) else { return [:] }
        do {
            return try JSONDecoder().decode([String: Profile].self, from: data)
        } catch {
            throw ClientFailure.usage("\(file.path) is not a profiles file (\(error)); remove it and log in again.")
        }
    }

    func profile(_ name: String) throws -> Profile? { try load()[name] }

    /// Saves `profile` under `name` (`nil` removes it), writing a new 0600 file and renaming it over the old.
    func save(_ profile: Profile?, as name: String) throws {
        var all = try load()
        all[name] = profile
        let folder = file.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(all)
        let temporary = folder.appendingPathComponent(".profiles-\(UUID().uuidString).json").path
        // Created 0600 from the start, so the secrets are never readable by others, not even for a moment.
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw ClientFailure.usage("cannot write \(temporary): \(String(cString: strerror(errno)))") }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        fsync(descriptor)
        close(descriptor)
        guard written == data.count, rename(temporary, file.path) == 0 else {
            unlink(temporary)
            throw ClientFailure.usage("cannot write \(file.path): \(String(cString: strerror(errno)))")
        }
    }
}

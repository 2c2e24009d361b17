import Foundation

/// A new folder under the system's temporary directory for `serve --ephemeral`, removed when the server stops.
struct EphemeralFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("partner-commerce-" + UUID().uuidString.lowercased()).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import Hummingbird
import Testing

/// `openapi.yaml` and the router describe the same routes: a route without documentation fails, and so
/// does documentation of a route that no longer exists.
@Suite struct OpenAPICoverageTests {
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("openapi.yaml")

    /// "GET /v1/customers/{customerID}" for each operation under `paths:` (the file keeps one fixed layout:
    /// paths at two spaces, methods at four).
    static func documentedRoutes() throws -> Set<String> {
        let text = try String(contentsOf: document, encoding: .utf8)
        var routes = Set<String>()
        var inPaths = false
        var path: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" {
                inPaths = true
                continue
            }
            if inPaths, let first = line.first, first != " " { break }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     ") {
                let key = line.trimmingCharacters(in: .whitespaces).dropLast()
                // The router matches paths without regard to case (and keeps them lower-cased): so does this check.
                if ["get", "post", "put", "patch", "delete"].contains(key) { routes.insert("\(key.uppercased()) \(path)".lowercased()) }
            }
        }
        return routes
    }

    @Test func everyServedRouteIsDocumentedAndViceVersa() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pc-openapi-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let server = try await PartnerCommerceServer.prepare(ServerConfiguration(store: .sqlite(directory: folder)))
        let served = Set(
            server.makeRouter(answerWrongMethods: false).routes.map { route in
                // Hummingbird writes captures as ":name"; OpenAPI as "{name}".
                let path = route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
                return "\(route.method.rawValue) /\(path.joined(separator: "/"))".lowercased()
            })
        await server.store.close()
        let documented = try Self.documentedRoutes()
        #expect(served.count > 5)
        #expect(served.subtracting(documented).isEmpty, "served but not in openapi.yaml: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "in openapi.yaml but not served: \(documented.subtracting(served).sorted())")
    }
}

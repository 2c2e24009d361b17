import CommerceStore
import Foundation
import TestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Helpers for tests that run whole `serve` processes against one store: SQLite in a folder, or a fresh
/// PostgreSQL database created for the test.
enum Nodes {
    static let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// A new, empty PostgreSQL database on the `DATABASE_URL` server; returns its URL.
    static func freshPostgresDatabase() async throws -> String {
        guard let base = databaseURL, var url = URLComponents(string: base) else { throw CLITests.CLIError("DATABASE_URL is not set") }
        let name = "pc_nodes_\(UUID().uuidString.prefix(8).lowercased())"
        let psql = try ChildProcess("/usr/bin/env", ["psql", base, "-q", "-c", "CREATE DATABASE \(name)"])
        guard await psql.exited() == 0 else { throw CLITests.CLIError("psql could not create \(name)") }
        url.path = "/\(name)"
        return url.string ?? base
    }

    /// The store flags for a folder (SQLite) or a database URL (PostgreSQL).
    static func storeArguments(folder: String, databaseURL: String?) -> [String] {
        databaseURL.map { ["--database-url", $0] } ?? ["--data-dir", folder]
    }

    /// The store a node used, opened from the test to count what it holds.
    static func openStore(folder: String, databaseURL: String?) async throws -> Store {
        try await Store.open(databaseURL.map { .postgres(url: $0, poolSize: 2) } ?? .sqlite(directory: folder))
    }

    /// A token for the demo partner from that store.
    static func token(_ store: [String]) async throws -> String {
        let minted = try await CLITests.run(["token"] + store)
        guard minted.status == 0 else { throw CLITests.CLIError("token failed: \(minted.stderr)") }
        return minted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// One HTTP exchange; `nil` when the connection failed (a killed node).
    static func send(_ method: String, _ url: String, token: String, body: String? = nil) async -> (status: Int, body: String)? {
        await exchange(method, url, token: token, body: body).map { ($0.status, $0.body) }
    }

    /// One HTTP exchange with extra request headers, answering the response's headers too; `nil` when the
    /// connection failed (a killed node).
    static func exchange(
        _ method: String, _ url: String, token: String?, body: String? = nil, headers: [String: String] = [:]
    ) async -> (status: Int, body: String, headers: [String: String])? {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        guard let (data, response) = try? await URLSession.shared.data(for: request), let http = response as? HTTPURLResponse else { return nil }
        let fields = Dictionary(
            http.allHeaderFields.compactMap { key, value in (key as? String).map { ($0.lowercased(), "\(value)") } },
            uniquingKeysWith: { first, _ in first }
        )
        return (http.statusCode, String(decoding: data, as: UTF8.self), fields)
    }

    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    /// Creates a one-line new-commerce cart for the demo customer; returns its id.
    static func newCart(base: String, token: String) async throws -> String {
        let body = #"{"lineItems":[{"catalogItemId":"CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P","quantity":3,"billingCycle":"monthly","termDuration":"P1M"}]}"#
        guard let created = await send("POST", "\(base)/v1/customers/\(customer)/carts", token: token, body: body), created.status == 201,
            let id = json(created.body)["id"] as? String
        else { throw CLITests.CLIError("cart not created") }
        return id
    }

    static let customer = "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d"

    /// The demo customer's orders as the API lists them.
    static func orders(base: String, token: String) async -> [[String: Any]] {
        guard let listed = await send("GET", "\(base)/v1/customers/\(customer)/orders", token: token) else { return [] }
        return json(listed.body)["items"] as? [[String: Any]] ?? []
    }
}

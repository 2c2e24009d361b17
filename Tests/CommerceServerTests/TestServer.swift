import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

/// A real server for one test: a fresh SQLite file, the real router and middleware, real HTTP on loopback.
struct TestServer: Sendable {
    let server: PartnerCommerceServer
    let client: any TestClientProtocol
    /// A valid App-only token for the demo partner.
    let token: String

    /// Starts a server, runs `body` against it, stops it and removes its data.
    /// `folder` keeps the data for a later run (a restart); by default a fresh folder is used and removed.
    static func run(
        engine: TestEngine = .sqlite, clock: (any CommerceClock)? = nil, seedDemoData: Bool = true, maxBodyBytes: Int = 1 << 20,
        folder: String? = nil,
        configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: @Sendable (TestServer) async throws -> Void
    ) async throws {
        let path = folder ?? FileManager.default.temporaryDirectory.appendingPathComponent("pc-server-\(UUID().uuidString)").path
        defer { if folder == nil { try? FileManager.default.removeItem(atPath: path) } }
        var configuration = ServerConfiguration(
            port: 0, store: engine.location(folder: path), seedDemoData: seedDemoData, maxBodyBytes: maxBodyBytes,
            clock: clock ?? SystemClock()
        )
        configure(&configuration)
        let server = try await PartnerCommerceServer.prepare(configuration)
        let token = try await server.tokens.mint(
            partnerTenantID: DemoData.partner.tenantID, applicationID: DemoData.applicationID, objectID: DemoData.applicationID
        )
        try await server.makeApplication().test(.live) { client in
            try await body(TestServer(server: server, client: client, token: token))
        }
    }

    /// Adds a partner with an app of its own and returns an App-only token of that app.
    func tokenForNewPartner(_ partner: PartnerRecord) async throws -> String {
        let directory = PartnerDirectory(store: server.store)
        _ = try await directory.createPartner(tenantID: partner.tenantID, name: partner.name, mpnID: partner.mpnID)
        let (app, _) = try await directory.createApplication(partnerID: partner.tenantID, displayName: nil)
        return try await server.tokens.mint(partnerTenantID: partner.tenantID, applicationID: app.clientID, objectID: app.objectID)
    }

    /// Sends a request. `token: nil` sends no Authorization header; the default sends the valid token.
    func call(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = "", body: String? = nil, headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var fields = headers
        let bearer = token == "" ? self.token : token
        if let bearer, fields[.authorization] == nil { fields[.authorization] = "Bearer \(bearer)" }
        if body != nil, fields[.contentType] == nil { fields[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) })
    }
}

extension TestServer {
    /// Sends a request to `/_admin` with the admin key this start made.
    func admin(_ method: HTTPRequest.Method, _ path: String, body: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> TestResponse
    {
        let key = try #require(server.newAdminKey, sourceLocation: sourceLocation)
        return try await call(method, path, token: nil, body: body, headers: [.authorization: "Bearer \(key)"])
    }
}

/// A fresh temporary folder path (not yet created), for tests that restart a server on the same data.
func temporaryFolder() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("pc-server-\(UUID().uuidString)").path
}

/// Waits (bounded) until `condition` holds, checking every 50 ms; fails the test when it never does.
func eventually(
    within seconds: Double = 10, sourceLocation: SourceLocation = #_sourceLocation, _ condition: () async throws -> Bool
) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("condition not met within \(seconds) s", sourceLocation: sourceLocation)
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The body as a JSON object; fails the test when it is not one.
    func json(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any], "body is not a JSON object: \(text)", sourceLocation: sourceLocation)
    }

    /// Asserts the body is Partner Center's ApiFault with this status and code, and returns it.
    @discardableResult
    func expectFault(_ status: HTTPResponse.Status, code: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(self.status == status, "\(text)", sourceLocation: sourceLocation)
        #expect(headers[.contentType] == "application/json; charset=utf-8", sourceLocation: sourceLocation)
        let body = try json(sourceLocation: sourceLocation)
        #expect(body["code"] as? Int == code, "\(text)", sourceLocation: sourceLocation)
        #expect((body["description"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(body["data"] is [Any], sourceLocation: sourceLocation)
        #expect(body["source"] as? String == "PartnerFD", sourceLocation: sourceLocation)
        #expect(Set(body.keys) == ["code", "description", "data", "source"], sourceLocation: sourceLocation)
        return body
    }
}

/// Base64url without padding, as JWT segments are written.
func base64URL(_ data: Data) -> String {
    data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
        of: "=", with: "")
}

import CommerceCore
import CommerceServer
import CommerceStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A real server for one test, shared by the server, SDK and CLI tests: a fresh store (SQLite, or a PostgreSQL
/// schema), the real router and middleware, real HTTP on a loopback port.
public struct TestServer: Sendable {
    public let server: PartnerCommerceServer
    public let client: any TestClientProtocol
    /// A valid App-only token for the demo partner.
    public let token: String

    /// `http://127.0.0.1:PORT`, for clients of our own (the SDK, the CLI, a proxy) to reach this server.
    public var base: String { "http://127.0.0.1:\(client.port ?? 0)" }

    /// Starts a server, runs `body` against it, stops it and removes its data.
    /// `folder` keeps the data for a later run (a restart); by default a fresh folder is used and removed.
    public static func run(
        engine: TestEngine = .sqlite, clock: (any CommerceClock)? = nil, seedDemoData: Bool = true, maxBodyBytes: Int = 1 << 20,
        folder: String? = nil,
        configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: @Sendable (TestServer) async throws -> Void
    ) async throws {
        let path = folder ?? temporaryFolder()
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
    public func tokenForNewPartner(_ partner: PartnerRecord) async throws -> String {
        let directory = PartnerDirectory(store: server.store)
        _ = try await directory.createPartner(tenantID: partner.tenantID, name: partner.name, mpnID: partner.mpnID)
        let (app, _) = try await directory.createApplication(partnerID: partner.tenantID, displayName: nil)
        return try await server.tokens.mint(partnerTenantID: partner.tenantID, applicationID: app.clientID, objectID: app.objectID)
    }

    /// An App+User token of the demo partner's admin agent (what confirming an agreement needs).
    public func userToken() async throws -> String {
        try await server.tokens.mint(
            partnerTenantID: DemoData.partner.tenantID, applicationID: DemoData.applicationID, objectID: DemoData.userObjectID,
            userPrincipalName: DemoData.userPrincipalName)
    }

    /// The body of a confirmation that the customer accepted the Microsoft Customer Agreement.
    public static let customerAgreement =
        #"{"primaryContact":{"firstName":"Tania","lastName":"Carr","email":"someone@example.com","phoneNumber":"1234567890"},"#
        + #""templateId":"117a77b0-9360-443b-8795-c6dedc750cf9","dateAgreed":"2018-06-14T00:00:00.000Z","type":"MicrosoftCustomerAgreement"}"#

    /// Confirms, as the demo partner's admin agent, that a customer of the demo partner accepted the Microsoft Customer
    /// Agreement, as a purchase for a customer made with `POST /v1/customers` needs.
    public func acceptAgreement(customerID: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let answer = try await call(
            .post, "/v1/customers/\(customerID)/agreements", token: try await userToken(), body: Self.customerAgreement)
        #expect(answer.status == .created, "\(answer.text)", sourceLocation: sourceLocation)
    }

    /// Sends a request. `token: nil` sends no Authorization header; the default sends the valid token.
    public func call(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = "", body: String? = nil, headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var fields = headers
        let bearer = token == "" ? self.token : token
        if let bearer, fields[.authorization] == nil { fields[.authorization] = "Bearer \(bearer)" }
        if body != nil, fields[.contentType] == nil { fields[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) })
    }

    /// Sends a request to `/_admin` with the admin key this start made.
    public func admin(
        _ method: HTTPRequest.Method, _ path: String, body: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> TestResponse {
        let key = try #require(server.newAdminKey, sourceLocation: sourceLocation)
        return try await call(method, path, token: nil, body: body, headers: [.authorization: "Bearer \(key)"])
    }
}

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PartnerCenterModels

/// A client for a Partner Center–compatible API (this server or Partner Center itself), shaped like the .NET
/// SDK's fluent navigation: `client.customers[id].get()`.
public struct PartnerCenterClient: Sendable {
    /// e.g. `http://127.0.0.1:8080` or `https://api.partnercenter.microsoft.com`.
    public let baseURL: String
    let http: HTTPClient
    let accessToken: @Sendable () async throws -> String
    /// One correlation id per client, as the SDKs do; each call gets its own `MS-RequestId`.
    let correlationID = UUID().uuidString.lowercased()
    let locale: String

    /// - Parameter accessToken: called before every request, so a caller can refresh tokens.
    public init(
        baseURL: String, httpClient: HTTPClient = .shared, locale: String = "en-US", accessToken: @escaping @Sendable () async throws -> String
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.http = httpClient
        self.locale = locale
        self.accessToken = accessToken
    }

    /// The partner's customers.
    public var customers: CustomerCollectionOperations { CustomerCollectionOperations(client: self) }

    /// Products listed under `targetView` (e.g. `OnlineServices`) in a market.
    public func products(country: String, targetView: String) async throws -> ResourceCollection<Product> {
        try await send("GET", "/v1/products?country=\(country.urlQueryEscaped)&targetView=\(targetView.urlQueryEscaped)")
    }

    /// The availabilities of a SKU in a market; their `catalogItemId` goes into a cart.
    public func availabilities(productID: String, skuID: String, country: String) async throws -> ResourceCollection<Availability> {
        try await send("GET", "/v1/products/\(productID.urlPathEscaped)/skus/\(skuID.urlPathEscaped)/availabilities?country=\(country.urlQueryEscaped)")
    }

    /// Sends one request and decodes the answer, or throws ``PartnerCenterError``.
    func send<Response: Decodable>(
        _ method: String, _ path: String, body: (some Encodable)? = Optional<String>.none, headers: [(String, String)] = []
    ) async throws -> Response {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = HTTPMethod(rawValue: method)
        let requestID = UUID().uuidString.lowercased()
        request.headers.add(name: "Authorization", value: "Bearer \(try await accessToken())")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "MS-RequestId", value: requestID)
        request.headers.add(name: "MS-CorrelationId", value: correlationID)
        request.headers.add(name: "X-Locale", value: locale)
        request.headers.add(name: "MS-PartnerCenter-Client", value: "PartnerCommerce Swift SDK")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try PartnerCenterJSON.makeEncoder().encode(body)))
        }
        let response = try await http.execute(request, timeout: .seconds(100))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        let data = Data(bytes.readableBytesView)
        guard (200..<300).contains(Int(response.status.code)) else {
            throw PartnerCenterError(
                status: Int(response.status.code), fault: try? PartnerCenterJSON.makeDecoder().decode(ApiFault.self, from: data),
                body: String(decoding: data, as: UTF8.self), requestID: requestID, correlationID: correlationID,
                retryAfter: response.headers.first(name: "Retry-After").flatMap(Double.init)
            )
        }
        return try PartnerCenterJSON.makeDecoder().decode(Response.self, from: data)
    }
}

/// A call the service refused, with everything needed to report or handle it.
public struct PartnerCenterError: Error, Sendable, CustomStringConvertible {
    public let status: Int
    /// The `ApiFault` body, when the service sent one.
    public let fault: ApiFault?
    /// The raw body, for services that send something else (PowerShell #258).
    public let body: String
    public let requestID: String
    public let correlationID: String
    /// Seconds to wait, from `Retry-After` on 429.
    public let retryAfter: Double?

    public var description: String {
        let detail = fault.map { "\($0.code) \($0.description)" } ?? body
        return "HTTP \(status): \(detail) (MS-RequestId \(requestID))"
    }
}

extension String {
    var urlQueryEscaped: String { addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+"))) ?? self }
    var urlPathEscaped: String { addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? self }
}

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The HTTP side of the benchmark: requests as the SDKs send them (bearer token, `MS-RequestId`,
/// `MS-CorrelationId`), answered as status and bytes.
struct BenchClient: Sendable {
    let http: HTTPClient
    let baseURL: String
    let token: String
    let correlationID = UUID().uuidString.lowercased()

    /// A client whose pool keeps one connection per concurrent task, so the tasks never queue for a connection.
    static func make(concurrency: Int) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(8, concurrency))
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(60))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Sends one request; returns the status and the body (0 and nothing when no answer came).
    func send(_ method: HTTPMethod, _ path: String, body: ByteBuffer? = nil, authorized: Bool = true, headers: [(String, String)] = []) async -> (
        status: Int, body: ByteBuffer
    ) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if authorized {
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "MS-RequestId", value: UUID().uuidString.lowercased())
            request.headers.add(name: "MS-CorrelationId", value: correlationID)
        }
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(body)
        }
        do {
            let response = try await http.execute(request, timeout: .seconds(60))
            return (Int(response.status.code), try await response.body.collect(upTo: 16 << 20))
        } catch {
            return (0, ByteBuffer())
        }
    }

    /// Creates a customer in the US market; returns its id.
    func createCustomer(_ number: Int) async throws -> String {
        let domain = "bench\(number)-\(UUID().uuidString.prefix(8).lowercased()).onmicrosoft.com"
        let body = """
            {"companyProfile":{"domain":"\(domain)","companyName":"Bench \(number)"},
             "billingProfile":{"email":"admin@\(domain)","culture":"en-US","language":"en","companyName":"Bench \(number)",
              "defaultAddress":{"country":"US","city":"Redmond","state":"WA","addressLine1":"1 Main St","postalCode":"98052"}}}
            """
        let answer = await send(.POST, "/v1/customers", body: ByteBuffer(string: body))
        guard answer.status == 201, let id = Self.field("id", in: answer.body) else { throw BenchError.unexpected("create customer", answer.status) }
        // A new customer has not accepted the Microsoft Customer Agreement, and its checkouts would be refused (13605):
        // its partner confirms it, which takes a user's token (`partner-commerce token --user …`).
        let agreement = """
            {"primaryContact":{"firstName":"Bench","lastName":"Runner","email":"admin@\(domain)"},
             "templateId":"117a77b0-9360-443b-8795-c6dedc750cf9","dateAgreed":"2026-01-01T00:00:00Z"}
            """
        let confirmed = await send(.POST, "/v1/customers/\(id)/agreements", body: ByteBuffer(string: agreement))
        guard confirmed.status == 201 else {
            throw BenchError.failed(
                "confirming customer \(id)'s agreement answered \(confirmed.status); the bench needs an App+User token (partner-commerce token --user …)"
            )
        }
        return id
    }

    /// Creates a cart; returns its id, or the status when it was refused.
    func createCart(customerID: String, body: ByteBuffer) async -> Result<PreparedCart, BenchError> {
        let answer = await send(.POST, "/v1/customers/\(customerID)/carts", body: body)
        guard answer.status == 201, let id = Self.field("id", in: answer.body) else { return .failure(.unexpected("create cart", answer.status)) }
        return .success(PreparedCart(customerID: customerID, cartID: id))
    }

    /// Checks a cart out; returns the ids of the orders it answered with, or the status when it was refused.
    func checkout(_ cart: PreparedCart) async -> Result<[String], BenchError> {
        let answer = await send(.POST, "/v1/customers/\(cart.customerID)/carts/\(cart.cartID)/checkout")
        guard answer.status == 201, let result = try? JSONDecoder().decode(CheckoutAnswer.self, from: Data(answer.body.readableBytesView)) else {
            return .failure(.unexpected("checkout", answer.status))
        }
        return .success(result.orders.map(\.id))
    }

    /// A top-level string field of a JSON object.
    static func field(_ name: String, in body: ByteBuffer) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])?[name] as? String
    }
}

/// A cart made ready for the checkout phase.
struct PreparedCart: Sendable {
    var customerID: String
    var cartID: String
}

/// The part of a `CartCheckoutResult` the correctness check needs.
struct CheckoutAnswer: Decodable {
    struct OrderID: Decodable { var id: String }
    var orders: [OrderID]
}

enum BenchError: Error, CustomStringConvertible {
    case unexpected(String, Int)
    case failed(String)

    var status: Int {
        if case .unexpected(_, let status) = self { return status }
        return 0
    }

    var description: String {
        switch self {
        case .unexpected(let what, let status): "\(what) answered \(status)"
        case .failed(let text): text
        }
    }
}

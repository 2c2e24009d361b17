import PartnerCenterModels

/// `client.customers`: list, page through, create, and navigate to one customer.
public struct CustomerCollectionOperations: Sendable {
    let client: PartnerCenterClient

    /// One page of customers (`size` up to 500).
    public func get(size: Int = 500, continuationToken: String? = nil) async throws -> ResourceCollection<Customer> {
        let headers = continuationToken.map { [("MS-ContinuationToken", $0)] } ?? []
        let seek = continuationToken == nil ? "" : "&seekOperation=Next"
        return try await client.send("GET", "/v1/customers?size=\(size)\(seek)", headers: headers)
    }

    /// Every customer, fetched page by page as the sequence is read (clients-and-user-needs P12).
    public func all(pageSize: Int = 500) -> AsyncThrowingStream<Customer, any Error> {
        let client = self
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    var token: String?
                    repeat {
                        let page = try await client.get(size: pageSize, continuationToken: token)
                        for customer in page.items { continuation.yield(customer) }
                        token = page.links?.next?.headers.first { $0.key.lowercased() == "ms-continuationtoken" }?.value ?? page.continuationToken
                        if page.links?.next == nil { token = nil }
                    } while token != nil
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Creates a customer; the answer carries its tenant id.
    public func create(_ customer: Customer) async throws -> Customer {
        try await client.send("POST", "/v1/customers", body: customer)
    }

    /// One customer, by tenant id.
    public subscript(id: String) -> CustomerOperations { CustomerOperations(client: client, id: id) }

    /// One customer, by tenant id (the .NET SDK's `ById`).
    public func byID(_ id: String) -> CustomerOperations { self[id] }
}

/// `client.customers[id]`.
public struct CustomerOperations: Sendable {
    let client: PartnerCenterClient
    public let id: String

    /// Reads the customer.
    public func get() async throws -> Customer {
        try await client.send("GET", "/v1/customers/\(id.urlPathEscaped)")
    }
}

import CommerceCore
import CommerceStore
import Foundation
import Hummingbird
import PartnerCenterModels

/// Customers (spec §2.6): create, list with seek paging, get by id. Every query is scoped to the caller's partner.
struct CustomersController {
    let store: Store
    let clock: any CommerceClock
    let ids: any IDGenerator
    let maxBodyBytes: Int

    /// Largest page Partner Center serves (clients-and-user-needs P12).
    static let maxPageSize = 500

    func addRoutes(to group: RouterGroup<PartnerRequestContext>) {
        group.post("customers", use: create)
        group.get("customers", use: list)
        group.get("customers/:customerID", use: get)
    }

    @Sendable func create(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let caller = try context.caller()
        let body = try await RequestBody.decode(Customer.self, from: request, limit: maxBodyBytes)
        let (customer, market) = try NewCustomer.make(from: body, ids: ids)
        try await store.addCustomer(customer, market: market, partnerID: caller.partnerTenantID, at: clock.now())
        return try JSONResponse.make(customer, status: .created, headers: [.location: "/v1/customers/\(customer.id ?? "")"])
    }

    @Sendable func list(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let caller = try context.caller()
        var size = Self.maxPageSize
        if let text = request.query("size") {
            guard let number = Int(text), number > 0 else {
                throw HTTPFault(.badRequest, code: 3000, "size must be a positive whole number.", data: ["size"])
            }
            size = min(number, Self.maxPageSize)
        }
        // The SDKs send the token as a header; generic HTTP tools keep it in the URL (P12): accept both.
        var cursor: CustomerPageCursor?
        if let token = request.headers[.msContinuationToken] ?? request.query("continuationToken") {
            guard let parsed = CustomerPageCursor(token: token) else {
                throw HTTPFault.badRequest("The continuation token is not valid.", data: ["MS-ContinuationToken"])
            }
            cursor = parsed
        }
        let page = try await store.customers(partnerID: caller.partnerTenantID, after: cursor, limit: size)
        var links = ResourceLinks(self: Link(uri: "/customers?size=\(size)"))
        if let next = page.next {
            links.next = Link(
                uri: "/customers?size=\(size)&seekOperation=Next&continuationToken=\(next.token)",
                headers: [LinkHeader(key: "MS-ContinuationToken", value: next.token)]
            )
        }
        let collection = ResourceCollection(items: page.customers, totalCount: page.totalCount, continuationToken: page.next?.token, links: links)
        return try JSONResponse.make(collection)
    }

    @Sendable func get(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let caller = try context.caller()
        let id = try Self.customerID(context)
        guard let customer = try await store.customer(id: id, partnerID: caller.partnerTenantID) else {
            throw try await CustomerScope.notYours(id, caller: caller, store: store)
        }
        return try JSONResponse.make(customer)
    }

    /// The `{customer-id}` path segment, which must be a GUID (400 / 900118 otherwise).
    static func customerID(_ context: PartnerRequestContext) throws -> String {
        let raw = try context.parameters.require("customerID")
        guard UUID(uuidString: raw) != nil else {
            throw HTTPFault(.badRequest, code: 900118, "'\(raw)' is not a valid customer id; a GUID is expected.", data: ["customer-id"])
        }
        return raw.lowercased()
    }
}

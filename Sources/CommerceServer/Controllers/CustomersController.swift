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
    /// The integration sandbox's cap on customers per partner, when it is reproduced.
    var customerLimit: Int? = nil

    func addRoutes(to group: RouterGroup<PartnerRequestContext>) {
        group.post("customers", use: create)
        group.get("customers", use: list)
        group.get("customers/:customerID", use: get)
    }

    @Sendable func create(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let caller = try context.caller()
        let body = try await RequestBody.decode(Customer.self, from: request, limit: maxBodyBytes)
        let (customer, market) = try NewCustomer.make(from: body, ids: ids)
        let answer = try StoredResponse.json(customer, status: .created, headers: [.location: "/v1/customers/\(customer.id ?? "")"])
        let stored = try await store.addCustomer(
            customer, market: market, partnerID: caller.partnerTenantID, at: clock.now(), limit: customerLimit,
            answering: context.answering { _ in answer }
        )
        return try context.answer(stored)
    }

    @Sendable func list(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let caller = try context.caller()
        let paging = try PageRequest.read(request)
        let page = try await store.customers(partnerID: caller.partnerTenantID, after: paging.cursor, limit: paging.size)
        return try JSONResponse.make(paging.collection(page, path: "/customers"))
    }

    @Sendable func get(_ request: Request, context: PartnerRequestContext) async throws -> Response {
        let caller = try context.caller()
        let id = try Self.customerID(context)
        guard let body = try await store.customerBody(id: id, partnerID: caller.partnerTenantID) else {
            throw try await CustomerScope.notYours(id, caller: caller, store: store)
        }
        return JSONResponse.bytes(Data(body.utf8), status: .ok)
    }

    /// The `{customer-id}` path segment, which must be a GUID (400 / 900118 otherwise).
    static func customerID(_ context: PartnerRequestContext) throws -> String {
        let raw = try context.parameters.require("customerID")
        guard UUID(uuidString: raw) != nil else {
            throw HTTPFault(.invalidCustomerID, "'\(raw)' is not a valid customer id; a GUID is expected.", data: ["customer-id"])
        }
        return raw.lowercased()
    }
}

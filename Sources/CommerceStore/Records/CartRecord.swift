import Foundation
import PartnerCenterModels

/// The columns of a new cart, checked before any transaction starts.
struct CartRecord: Sendable {
    var id: String
    var status: String
    var created: Date
    var expires: Date
    var body: String

    init(_ cart: Cart, body: String? = nil) throws {
        guard let id = cart.id, let created = cart.creationTimestamp, let expires = cart.expirationTimestamp else {
            throw StoreError.incomplete("a cart needs an id and its timestamps before it is stored")
        }
        self.id = id
        self.status = cart.status?.wireValue ?? "Active"
        self.created = created
        self.expires = expires
        self.body = try body ?? StoreJSON.encode(cart)
    }
}

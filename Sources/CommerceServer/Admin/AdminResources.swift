import CommerceStore
import Foundation

/// The bodies of the `/_admin` API. Secrets appear only in the answer to the request that made them.
enum AdminResources {
    struct Partner: Codable, Sendable {
        var tenantId: String
        var name: String
        var mpnId: String?
        var disabled: Bool
        /// Whether its customers need the Microsoft Customer Agreement to buy.
        var agreementGate: Bool

        init(_ record: PartnerRecord) {
            tenantId = record.tenantID
            name = record.name
            mpnId = record.mpnID
            disabled = record.isDisabled
            agreementGate = record.agreementGate
        }
    }

    struct NewPartner: Decodable, Sendable {
        var tenantId: String?
        /// Required, except for a sandbox partner (then "Sandbox partner").
        var name: String?
        var mpnId: String?
        /// With an app, a user and a customer of its own, answering their credentials (``SandboxPartner``).
        var sandbox: Bool?
    }

    /// `PATCH` body for partners and users.
    struct Enablement: Decodable, Sendable {
        var disabled: Bool
    }

    /// A change of a partner: either field may be left out.
    struct PartnerChange: Decodable, Sendable {
        var disabled: Bool?
        var agreementGate: Bool?
    }

    struct Application: Codable, Sendable {
        var clientId: String
        var objectId: String
        var displayName: String
        var createdAt: Date
        var deleted: Bool
        /// Only in the answer to the request that created the app.
        var clientSecret: String?

        init(_ record: ApplicationRecord, secret: String? = nil) {
            clientId = record.clientID
            objectId = record.objectID
            displayName = record.displayName
            createdAt = record.createdAt
            deleted = record.deletedAt != nil
            clientSecret = secret
        }
    }

    struct NewApplication: Decodable, Sendable {
        var displayName: String?
    }

    struct User: Codable, Sendable {
        var id: String
        var userPrincipalName: String
        var displayName: String
        var roles: [String]
        var disabled: Bool
        /// Only when the server made the password, in the answer to the request that created the user.
        var password: String?

        init(_ record: PartnerUserRecord, password: String? = nil) {
            id = record.objectID
            userPrincipalName = record.userPrincipalName
            displayName = record.displayName
            roles = record.roles
            disabled = record.disabledAt != nil
            self.password = password
        }
    }

    struct NewUser: Decodable, Sendable {
        var userPrincipalName: String
        var displayName: String?
        var password: String?
        var roles: [String]?
    }

    struct SigningKey: Codable, Sendable {
        var kid: String
        var createdAt: Date
        var retiredAt: Date?
        /// True for the key that signs new tokens.
        var current: Bool
    }

    /// A fulfilment job: where a pending order stands, and why its last attempt failed.
    struct FulfilmentJob: Codable, Sendable {
        var orderId: String
        var partnerTenantId: String
        var customerId: String
        /// `pending`, `running`, `done` or `failed` (the order was cancelled).
        var state: String
        var attempts: Int
        var dueAt: Date?
        var lastError: String?

        init(_ status: FulfilmentJobStatus) {
            orderId = status.orderID
            partnerTenantId = status.partnerID
            customerId = status.customerID
            state = status.state
            attempts = status.attempts
            dueAt = status.dueAt
            lastError = status.lastError
        }
    }

    struct Collection<Item: Codable & Sendable>: Codable, Sendable {
        var totalCount: Int
        var items: [Item]

        init(_ items: [Item]) {
            totalCount = items.count
            self.items = items
        }
    }
}

import CommerceCore
import CommerceStore
import HTTPTypes

extension HTTPFault {
    /// The Partner Center answer to a store refusal (spec §7); `nil` for failures that are ours, not the caller's
    /// (a closed store, a record missing its id), which become 500.
    init?(_ error: StoreError) {
        switch error {
        case .notFound(.cart, let id):
            self = .notFound("Unable to retrieve cart \(id).", code: 800008)
        case .notFound(.subscription, let id):
            self = .notFound("Subscription \(id) not found.", code: 20003)
        case .notFound(.webhookRegistration, _):
            self = .notFound("No webhook is registered for this partner.", code: 1000)
        case .taken(.webhookRegistration, _):
            self.init(.conflict, code: 3000, "A webhook is already registered for this partner; use PUT to change it.", data: ["WebhookUrl"])
        case .notFound(.partner, let id):
            self = .notFound("No partner with tenant id \(id).", code: 60003)
        case .taken(.customerDomain, let domain):
            self.init(.conflict, code: 3000, "The domain '\(domain)' is already in use.", data: ["companyProfile.domain"])
        case .taken(.userPrincipalName, let name):
            self.init(.conflict, code: 3000, "The user name '\(name)' is already in use.", data: ["userPrincipalName"])
        case .taken(.partnerTenantID, let tenant):
            self.init(.conflict, code: 3000, "A partner with tenant id \(tenant) already exists.", data: ["tenantId"])
        case .taken(.recordID, let id):
            self.init(.conflict, code: 3000, "The id \(id) belongs to another partner's data.", data: ["tables"])
        case .unusableSnapshot(let why):
            self.init(.badRequest, code: 800002, "The snapshot cannot be restored: \(why)", data: ["tables"])
        case .customerLimitReached(let limit):
            self.init(
                .badRequest, code: 800018, "The integration sandbox allows at most \(limit) customers per partner; this partner has reached it.")
        case .changedSinceRead(let entity, let id):
            self.init(.conflict, code: 800002, "The \(entity.rawValue) \(id) kept changing while it was being written; send the request again.")
        case .badDatabaseURL, .closed, .incomplete, .answeredBefore, .requestIDReused:
            return nil
        }
    }
}

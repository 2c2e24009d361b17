import CommerceCore
import CommerceStore
import HTTPTypes

extension HTTPFault {
    /// The Partner Center answer to a store refusal (spec §7); `nil` for failures that are ours, not the caller's
    /// (a closed store, a record missing its id), which become 500.
    init?(_ error: StoreError) {
        switch error {
        case .notFound(.cart, let id):
            self = HTTPFault(.cartNotFound, "Unable to retrieve cart \(id).")
        case .notFound(.subscription, let id):
            self = HTTPFault(.subscriptionNotFound, "Subscription \(id) not found.")
        case .notFound(.webhookRegistration, _):
            self = HTTPFault(.notFound, "No webhook is registered for this partner.")
        case .taken(.webhookRegistration, _):
            self.init(.propertyInUse, "A webhook is already registered for this partner; use PUT to change it.", data: ["WebhookUrl"])
        case .notFound(.partner, let id):
            self = HTTPFault(.tenantNotFound, "No partner with tenant id \(id).")
        case .taken(.customerDomain, let domain):
            self.init(.propertyInUse, "The domain '\(domain)' is already in use.", data: ["companyProfile.domain"])
        case .taken(.userPrincipalName, let name):
            self.init(.propertyInUse, "The user name '\(name)' is already in use.", data: ["userPrincipalName"])
        case .taken(.partnerTenantID, let tenant):
            self.init(.propertyInUse, "A partner with tenant id \(tenant) already exists.", data: ["tenantId"])
        case .taken(.recordID, let id):
            self.init(.propertyInUse, "The id \(id) belongs to another partner's data.", data: ["tables"])
        case .taken(.agreementConfirmation, _):
            // The documented error name goes in `data`, where a client that matches on it can find it.
            self.init(
                .agreementExists, "A partner confirmed agreement already exists for the customer.", data: ["PartnerConfirmedAgreementAlreadyExists"])
        case .unusableSnapshot(let why):
            self.init(.invalidInput, "The snapshot cannot be restored: \(why)", data: ["tables"])
        case .customerLimitReached(let limit):
            self.init(
                .customerCapReached, "The integration sandbox allows at most \(limit) customers per partner; this partner has reached it.")
        case .openCartLimitReached(let limit):
            // Our cap (Partner Center documents none), with the generic invalid-input code: the client must act, not retry.
            self.init(.invalidInput, "The customer has \(limit) open carts, as many as this server allows; check one out or let one expire first.")
        case .changedSinceRead(let entity, let id):
            self.init(.conflictingRequest, "The \(entity.rawValue) \(id) kept changing while it was being written; send the request again.")
        case .badDatabaseURL, .closed, .incomplete, .answeredBefore, .requestIDReused:
            return nil
        }
    }
}

import CommerceCore
import CommerceStore
import Hummingbird
import PartnerCenterModels

/// `GET /v1/profiles/mpn[?mpnId=]`: the signed-in partner's MPN profile, or whether an MPN id names a partner.
/// The docs allow it with App+User credentials only, so App-only tokens are refused.
struct ProfilesController {
    let store: Store

    func addRoutes(to group: RouterGroup<PartnerRequestContext>) {
        group.get("profiles/mpn") { request, context in
            let caller = try context.caller()
            try caller.requireUser()
            let asked = request.query("mpnId")
            if let asked {
                guard Int(asked) != nil, let partner = try await store.partner(mpnID: asked), partner.mpnID != nil else {
                    throw HTTPFault(.propertyNotFound, "Partner Organization with partner_id \(asked) could not be found")
                }
                return try JSONResponse.make(MpnProfile(mpnId: partner.mpnID ?? asked))
            }
            guard let mpnID = try await store.partner(tenantID: caller.partnerTenantID)?.mpnID else {
                throw HTTPFault(.mpnIDNotFound, "The signed-in partner has no MPN id.")
            }
            return try JSONResponse.make(MpnProfile(mpnId: mpnID))
        }
    }
}

import CommerceStore
import Hummingbird

/// `GET /_admin/health`: whether this node is up and which store it uses. Needs no token.
struct HealthController {
    let store: Store

    struct Health: Encodable {
        var status = "healthy"
        var engine: String
        var schemaVersion: Int
    }

    func addRoutes(to router: Router<PartnerRequestContext>) {
        router.get("/_admin/health") { _, _ in
            try JSONResponse.make(Health(engine: store.engineName, schemaVersion: Store.schemaVersion))
        }
    }
}

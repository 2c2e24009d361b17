import CommerceCore
import CommerceStore
import Foundation
import Hummingbird

/// `GET /_admin/health`: whether this node is up, which store it uses, and its clock. Needs no token; with one, the
/// clock is its partner's (a client that waits on time, such as `orders status --wait`, learns it stands still).
struct HealthController {
    let store: Store
    let clock: any CommerceClock

    struct Health: Encodable {
        var status = "healthy"
        var engine: String
        var schemaVersion: Int
        var clock: Clock
    }

    struct Clock: Encodable {
        var now: Date
        var frozen: Bool
    }

    func addRoutes(to router: Router<PartnerRequestContext>) {
        router.get("/_admin/health") { _, _ in
            let frozen = (clock as? TravellingClock)?.setting(partner: ClockScope.partner).frozenAt != nil
            return try JSONResponse.make(
                Health(engine: store.engineName, schemaVersion: Store.schemaVersion, clock: Clock(now: clock.now(), frozen: frozen)))
        }
    }
}

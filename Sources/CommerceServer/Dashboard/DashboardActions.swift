import CommerceCore
import CommerceStore
import Crypto
import Foundation
import Hummingbird

/// What the dashboard's buttons do (`POST /_admin/ui/act`): advance the clock, reset the partner, complete or fail a
/// held order, clear the fault rules. Each is what the JSON admin API does for the same change.
///
/// A form post carries the cookie only from this site (`SameSite=Strict`), and each form also carries a token made
/// from the admin key (``formToken(for:)``), which another site cannot know: a page elsewhere cannot make a signed-in
/// browser act.
struct DashboardActions: Sendable {
    let clock: any CommerceClock
    let settler: ClockSettler?
    let faults: FaultRegistry
    let fulfilment: FulfilmentControl
    let state: StateController
    /// How the clock moves, as `POST /_admin/clock` moves it.
    let clockMoves: ClockController

    /// The moves the page offers.
    static let advances: [(label: String, duration: String)] = [
        ("1 hour", "PT1H"), ("1 day", "P1D"), ("8 days", "P8D"), ("30 days", "P30D"), ("1 year", "P365D"),
    ]

    /// The form token for `key`: an HMAC of a fixed label, so it changes when the key does and reveals nothing of it.
    static func formToken(for key: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("dashboard-form".utf8), using: SymmetricKey(data: Data(key.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }

    /// Runs the form's action for `partner`; answers a line for the page to show.
    func act(_ form: [String: String], partner: String, context: PartnerRequestContext) async throws -> String {
        switch form["action"] ?? "" {
        case "advance":
            guard let text = form["duration"], let seconds = ISODuration.seconds(text) else { throw HTTPFault.badRequest("Choose a duration.") }
            return try await advance(by: seconds, label: text, partner: partner)
        case "reset":
            _ = try await state.reset(StateController.ResetRequest(partnerId: partner), context: context)
            return "Reset to the demo data."
        case "complete", "fail":
            guard let order = form["order"], !order.isEmpty else { throw HTTPFault.badRequest("Choose an order.") }
            let failure = form["action"] == "fail" ? "Failed from the dashboard." : nil
            guard let outcome = try await fulfilment.settle(orderID: order, failure: failure) else {
                return "Order " + order + " is not pending."
            }
            return "Order " + order + ": " + outcome + "."
        case "clearFaults":
            try await faults.clear()
            return "Fault rules cleared."
        default:
            throw HTTPFault.badRequest("Unknown action.")
        }
    }

    /// The partner's own clock when it has one, else the server's; answers once what fell due has run.
    private func advance(by seconds: Double, label: String, partner: String) async throws -> String {
        guard let travelling = clock as? TravellingClock else {
            throw HTTPFault(.conflictingRequest, "This server's clock is driven by the program that hosts it and cannot be moved here.")
        }
        let machine = travelling.machineNow()
        let own = travelling.partnersWithClocks.contains(partner)
        _ = try await clockMoves.move(travelling, partner: own ? partner : nil, machine: machine, context: nil) { current throws(CommerceError) in
            try current.advanced(by: seconds, machine: machine)
        }
        let settled = await settler?.settle(partner: own ? partner : nil)
        return "Advanced " + label + (own ? " (this partner's clock)" : "") + "; " + String(settled?.termEnds ?? 0) + " term end(s), "
            + String(settled?.webhooksAttempted ?? 0) + " webhook delivery(ies)."
    }
}

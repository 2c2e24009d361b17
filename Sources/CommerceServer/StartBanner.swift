import CommerceCore
import CommerceStore
import Foundation
import PartnerCenterModels

extension PartnerCommerceServer {
    /// What `serve` prints once it listens, for a person or a CI log to act on: the dashboard, the demo partner's
    /// credentials when the store has them, the clock when it is not the machine's, and any rules in force (a fault
    /// rule survives a restart, and a test that fails for it should be told).
    public func banner(url: String) async throws -> [String] {
        var lines = ["dashboard: " + url + "/_admin/ui"]
        if try await DemoData.publicCredentialsExist(in: store) {
            lines.append(
                "demo partner: tenant " + DemoData.partner.tenantID + ", client id " + DemoData.applicationID + ", client secret "
                    + DemoData.applicationSecret + ", user " + DemoData.userPrincipalName + " / " + DemoData.userPassword)
            lines.append("demo customer: " + DemoData.customerID + ", cart " + DemoData.cartID)
        }
        if let clock = configuration.clock as? TravellingClock {
            if let line = Self.describe(clock.setting, machine: clock.machineNow()) { lines.append("clock: " + line) }
            let partners = clock.partnersWithClocks
            if !partners.isEmpty { lines.append("clock: " + String(partners.count) + " partner(s) on clocks of their own") }
        }
        let faultRules = faults.current
        if !faultRules.isEmpty {
            lines.append(
                "fault rules in force: " + String(faultRules.count) + " ("
                    + faultRules.prefix(5).map { ($0.operation ?? "any call") + ": " + $0.fault.rawValue }.joined(separator: "; ")
                    + (faultRules.count > 5 ? "; …" : "") + "); DELETE /_admin/faults clears them")
        }
        let fulfilment = fulfilmentRules.current
        if !fulfilment.isEmpty {
            lines.append(
                "fulfilment rules in force: " + String(fulfilment.count) + " ("
                    + fulfilment.prefix(5).map { ($0.catalogItemId ?? "every order") + ": " + $0.mode.rawValue }.joined(separator: "; ")
                    + (fulfilment.count > 5 ? "; …" : "") + "); DELETE /_admin/fulfilment/rules clears them")
        }
        return lines
    }

    /// The server's clock in a few words, `nil` while it is the machine's.
    static func describe(_ setting: ClockSetting, machine: Date) -> String? {
        if let frozen = setting.frozenAt { return "frozen at " + WireDate.format(frozen) + " (POST /_admin/clock {\"resume\":true} runs it)" }
        guard abs(setting.offset) >= 1 else { return nil }
        let days = setting.offset / 86_400
        let amount = abs(days) >= 1 ? String(format: "%.1f days", abs(days)) : String(format: "%.0f seconds", abs(setting.offset))
        return "running " + amount + (setting.offset > 0 ? " ahead of" : " behind") + " the machine's, at "
            + WireDate.format(setting.now(machine: machine))
    }
}

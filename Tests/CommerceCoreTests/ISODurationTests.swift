import CommerceCore
import Foundation
import Testing

/// The durations `/_admin/clock` accepts for `advance`.
@Suite struct ISODurationTests {
    static let durations: [(String, Double)] = [
        ("P8D", 691_200), ("p8d", 691_200), ("PT2H", 7_200), ("PT2H30M", 9_000), ("P2W", 1_209_600), ("PT0.5S", 0.5),
        ("P1Y2M3DT4H5M6S", 36_993_906), ("PT0S", 0),
    ]

    @Test func reads() {
        for (text, seconds) in Self.durations { #expect(ISODuration.seconds(text) == seconds, "\(text)") }
    }

    @Test(arguments: [
        "", "P", "PT", "8D", "P-1D", "P1.5D", "PT1H2D", "P1DT", "P1D2", "PT5X", "P1e3D", "P\(String(repeating: "9", count: 70))D", "P١D",
    ])
    func refuses(_ text: String) {
        #expect(ISODuration.seconds(text) == nil)
    }

    @Test func clockSettingsOnlyMoveForward() throws {
        let machine = Date(timeIntervalSince1970: 1_800_000_000)
        let running = ClockSetting.system
        #expect(throws: CommerceError.self) { try running.advanced(by: -1, machine: machine) }
        #expect(throws: CommerceError.self) { try running.advanced(by: .infinity, machine: machine) }
        #expect(throws: CommerceError.self) { try running.set(to: machine.addingTimeInterval(-1), machine: machine) }
        let frozen = running.frozen(machine: machine)
        let later = try frozen.advanced(by: 60, machine: machine.addingTimeInterval(1_000))
        #expect(later.now(machine: machine.addingTimeInterval(5_000)) == machine.addingTimeInterval(60))
        let resumed = later.resumed(machine: machine.addingTimeInterval(5_000))
        #expect(resumed.now(machine: machine.addingTimeInterval(5_010)) == machine.addingTimeInterval(70))
        // Repeated advances stop short of the year 9000, where stored times would stop sorting as text.
        let nearTheEnd = ClockSetting(frozenAt: ClockSetting.latest.addingTimeInterval(-10))
        #expect(throws: CommerceError.self) { try nearTheEnd.advanced(by: 11, machine: machine) }
        #expect(try nearTheEnd.advanced(by: 10, machine: machine).frozenAt == ClockSetting.latest)
    }
}

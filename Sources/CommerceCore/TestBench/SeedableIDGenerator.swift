import Foundation
import Synchronization

/// The id generator `serve` runs on: random GUIDs until seeded (`serve --seed 42`, `POST /_admin/seed`), then a
/// sequence that repeats exactly for the same seed, so ids recorded by one test run match the next run's.
///
/// The sequence is SplitMix64 over (seed, position), shaped as version-4 GUIDs; it belongs to this process, so runs
/// repeat when the same calls reach one node in the same order.
public final class SeedableIDGenerator: IDGenerator {
    private struct State {
        var seed: UInt64?
        var position: UInt64 = 0
    }
    private let state: Mutex<State>

    public init(seed: UInt64? = nil) { state = Mutex(State(seed: seed)) }

    /// The seed in force, `nil` while ids are random.
    public var seed: UInt64? { state.withLock { $0.seed } }

    /// Seeded, the sequence repeats run after run.
    public var isRepeatable: Bool { seed != nil }

    /// Starts the sequence of `seed` from its beginning; `nil` goes back to random ids.
    public func reseed(_ seed: UInt64?) { state.withLock { $0 = State(seed: seed) } }

    public func guid() -> String {
        let drawn: (UInt64, UInt64)? = state.withLock { state in
            guard let seed = state.seed else { return nil }
            state.position &+= 2
            return (Self.mix(seed &+ state.position &* 0x9E37_79B9_7F4A_7C15), Self.mix(seed &+ (state.position &+ 1) &* 0x9E37_79B9_7F4A_7C15))
        }
        guard let (high, low) = drawn else { return UUID().uuidString.lowercased() }
        // Version 4, variant 10xx, as random GUIDs are: a seeded id is indistinguishable in form.
        let versioned = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        let varied = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        let hex = String(versioned, radix: 16).leftPadded(16) + String(varied, radix: 16).leftPadded(16)
        let digits = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(digits[$0]) }.joined(separator: "-")
    }

    /// SplitMix64's finaliser: consecutive inputs give unrelated outputs.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

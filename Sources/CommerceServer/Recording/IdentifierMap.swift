import Foundation
import PartnerCenterModels

/// Ids the recorded answers gave and the ids the server under test gives in their place, so a later request that
/// named a recorded id (the cart a checkout is for) names the new one when `drift` sends it again.
struct IdentifierMap: Sendable {
    private(set) var replacements: [String: String] = [:]

    /// Learns from two answers to the same request: every id-like string at the same place that differs.
    mutating func learn(recorded: JSONValue?, now: JSONValue?, recordedLocation: String?, nowLocation: String?) {
        if let recorded, let now { walk(recorded, now, key: nil) }
        if let recordedLocation, let nowLocation {
            let old = recordedLocation.split(separator: "/")
            let new = nowLocation.split(separator: "/")
            if old.count == new.count {
                // Segments of a path that differ are ids: the rest of the route is the same.
                for (a, b) in zip(old, new) where a != b && Self.isIdentifier(String(a), key: "id") { replacements[String(a)] = String(b) }
            }
        }
    }

    private mutating func walk(_ recorded: JSONValue, _ now: JSONValue, key: String?) {
        switch (recorded, now) {
        case (.object(let old), .object(let new)):
            for (name, value) in old { if let other = new[name] { walk(value, other, key: name) } }
        case (.array(let old), .array(let new)):
            for (a, b) in zip(old, new) { walk(a, b, key: key) }
        case (.string(let old), .string(let new)) where old != new && Self.isIdentifier(old, key: key):
            replacements[old] = new
        default: break
        }
    }

    /// A GUID anywhere, or the value of a field named `id` or `…Id` that has no spaces.
    static func isIdentifier(_ text: String, key: String?) -> Bool {
        guard text.count >= 6, text.count <= 200, !text.contains(" ") else { return false }
        if isGUID(text) { return true }
        guard let key else { return false }
        return key == "id" || key.hasSuffix("Id") || key.hasSuffix("ID")
    }

    static func isGUID(_ text: String) -> Bool { text.count == 36 && UUID(uuidString: text) != nil }

    /// `text` with every learned id replaced (longest first, so one id inside another is not cut).
    func apply(_ text: String) -> String {
        var result = text
        for (old, new) in replacements.sorted(by: { $0.key.count > $1.key.count }) where result.contains(old) {
            result = result.replacingOccurrences(of: old, with: new)
        }
        return result
    }
}

import Foundation

/// Helpers for values real clients send in more than one JSON type.
extension KeyedDecodingContainer {
    /// An integer sent as a number (`0`) or as a numeric string (`"0"`), as line-item ids are (spec §3.2).
    func decodeLenientInt(forKey key: Key) throws -> Int? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let number = try? decode(Int.self, forKey: key) { return number }
        if let text = try? decode(String.self, forKey: key), let number = Int(text.trimmingCharacters(in: .whitespaces)) {
            return number
        }
        if let real = try? decode(Double.self, forKey: key), real == real.rounded(), abs(real) < 1e15 {
            return Int(real)
        }
        throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "expected an integer")
    }

    /// A boolean sent as `true`/`false` or as the strings `"true"`/`"false"`.
    func decodeLenientBool(forKey key: Key) throws -> Bool? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let flag = try? decode(Bool.self, forKey: key) { return flag }
        if let text = try? decode(String.self, forKey: key) {
            switch text.lowercased() {
            case "true": return true
            case "false": return false
            default: break
            }
        }
        throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "expected true or false")
    }

    /// A string map whose keys are normalised to camelCase (`SubscriptionId` → `subscriptionId`, spec §12.9).
    /// Non-string values (numbers, booleans) are kept as their text; nulls are dropped.
    func decodeStringMap(forKey key: Key) throws -> [String: String]? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        let raw = try decode([String: LooseString].self, forKey: key)
        var map: [String: String] = [:]
        for (name, value) in raw {
            guard let text = value.text else { continue }
            map[WireKeys.canonical(name)] = text
        }
        return map
    }
}

/// A JSON scalar read as text.
struct LooseString: Decodable {
    let text: String?
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            text = nil
        } else if let string = try? container.decode(String.self) {
            text = string
        } else if let int = try? container.decode(Int.self) {
            text = String(int)
        } else if let double = try? container.decode(Double.self) {
            text = String(double)
        } else if let flag = try? container.decode(Bool.self) {
            text = flag ? "true" : "false"
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a string")
        }
    }
}

import Foundation

/// Where every new identifier comes from (ARCHITECTURE decision 6), so a seeded run is repeatable.
public protocol IDGenerator: Sendable {
    /// A new lower-case GUID, the form Partner Center uses for tenants, carts and subscriptions.
    func guid() -> String
    /// True while the ids follow a repeatable sequence: work that may be thrown away (an early checkout plan) must
    /// then draw none, or the next run's ids would differ.
    var isRepeatable: Bool { get }
}

/// Random version-4 GUIDs.
public struct RandomIDGenerator: IDGenerator {
    public init() {}
    public func guid() -> String { UUID().uuidString.lowercased() }
}

extension IDGenerator {
    public var isRepeatable: Bool { false }

    /// `count` lower-case hex digits, e.g. the 12-digit ids of new-commerce orders (`f76c6b7f449d`).
    public func hex(_ count: Int) -> String {
        var digits = ""
        while digits.count < count { digits += guid().replacingOccurrences(of: "-", with: "") }
        return String(digits.prefix(count))
    }

    /// A URL-safe token like the 33-character ids of modern-catalog orders (`311qiN8iFwkv-XARWMvXRYAwYKMACVqv1`).
    public func urlSafeToken(_ length: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var token = ""
        while token.count < length {
            for pair in hex(32).utf8.chunked(2) where token.count < length {
                token.append(alphabet[Int(String(decoding: pair, as: UTF8.self), radix: 16)! % 64])
            }
        }
        return token
    }
}

extension Collection {
    /// Consecutive slices of `size` elements.
    func chunked(_ size: Int) -> [SubSequence] {
        stride(from: 0, to: count, by: size).map { offset in
            let start = index(startIndex, offsetBy: offset)
            return self[start..<(index(start, offsetBy: size, limitedBy: endIndex) ?? endIndex)]
        }
    }
}

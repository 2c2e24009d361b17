import Foundation

/// A partner's commerce data as rows (`GET /_admin/snapshot`): every customer, cart, checkout, order, subscription,
/// fulfilment job and order count, column by column, so restoring it gives back exactly what was read (stored
/// bodies are replayed byte for byte, so they travel as the text they are).
public struct StoreSnapshot: Codable, Sendable, Equatable {
    /// The layout's version; a restore refuses any other.
    public var format: Int
    public var partnerId: String
    public var takenAt: Date
    /// Table name → rows, each a column name → value.
    public var tables: [String: [[String: SnapshotValue]]]

    public static let currentFormat = 1

    public init(partnerId: String, takenAt: Date, tables: [String: [[String: SnapshotValue]]]) {
        self.format = Self.currentFormat
        self.partnerId = partnerId
        self.takenAt = takenAt
        self.tables = tables
    }
}

/// One column's value: text, a whole number or null.
public enum SnapshotValue: Codable, Sendable, Hashable {
    case text(String)
    case integer(Int64)
    case null

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let number = try? container.decode(Int64.self) {
            self = .integer(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .integer(let number): try container.encode(number)
        case .null: try container.encodeNil()
        }
    }

    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }
}

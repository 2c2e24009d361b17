import PartnerCenterModels

/// One way an answer's shape differs from the recorded one: what `drift` reports. Values that are data (ids, dates,
/// names, amounts, how many items a list has) are not shape; fields, their JSON types and enum spellings are.
public struct ShapeDifference: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case status(recorded: Int, now: Int)
        /// A field the recorded answer had and this one lacks.
        case missing(type: String)
        /// A field this answer has that the recorded one did not.
        case extra(type: String)
        case type(recorded: String, now: String)
        /// A string that reads as an enum value (a word, no digits or spaces) spelled otherwise.
        case enumValue(recorded: String, now: String)
    }

    /// Where, as `orders[0].lineItems[1].offerId`; empty for the status or the whole body.
    public var path: String
    public var kind: Kind

    public var description: String {
        let place = path.isEmpty ? "body" : path
        switch kind {
        case .status(let recorded, let now): return "status: \(recorded) recorded, \(now) now"
        case .missing(let type): return "\(place): missing now (recorded as \(type))"
        case .extra(let type): return "\(place): extra now (\(type))"
        case .type(let recorded, let now): return "\(place): \(recorded) recorded, \(now) now"
        case .enumValue(let recorded, let now): return "\(place): enum value \"\(recorded)\" recorded, \"\(now)\" now"
        }
    }
}

/// Compares two JSON answers by shape (``ShapeDifference``).
public enum ShapeDrift {
    public static func differences(recorded: JSONValue?, now: JSONValue?) -> [ShapeDifference] {
        var found: [ShapeDifference] = []
        switch (recorded, now) {
        case (nil, nil): break
        case (let recorded?, nil): found.append(ShapeDifference(path: "", kind: .missing(type: typeName(recorded))))
        case (nil, let now?): found.append(ShapeDifference(path: "", kind: .extra(type: typeName(now))))
        case (let recorded?, let now?): compare(recorded, now, at: "", into: &found)
        }
        return found
    }

    static func compare(_ recorded: JSONValue, _ now: JSONValue, at path: String, into found: inout [ShapeDifference]) {
        switch (recorded, now) {
        case (.object(let old), .object(let new)):
            for key in old.keys.sorted() {
                let inner = path.isEmpty ? key : path + "." + key
                if let value = new[key] {
                    compare(old[key]!, value, at: inner, into: &found)
                } else {
                    found.append(ShapeDifference(path: inner, kind: .missing(type: typeName(old[key]!))))
                }
            }
            for key in new.keys.sorted() where old[key] == nil {
                found.append(ShapeDifference(path: path.isEmpty ? key : path + "." + key, kind: .extra(type: typeName(new[key]!))))
            }
        case (.array(let old), .array(let new)):
            // Items are compared by position as far as both lists go: how many there are is data.
            for index in 0..<min(old.count, new.count) { compare(old[index], new[index], at: "\(path)[\(index)]", into: &found) }
        case (.string(let old), .string(let new)):
            if old != new, isEnumLike(old), isEnumLike(new), !namesAnIdentifier(path) {
                found.append(ShapeDifference(path: path, kind: .enumValue(recorded: old, now: new)))
            }
        case (.null, _), (_, .null):
            // A field that is sometimes null is still the same field; a value's type shows only when both have one.
            break
        default:
            if typeName(recorded) != typeName(now) {
                found.append(ShapeDifference(path: path, kind: .type(recorded: typeName(recorded), now: typeName(now))))
            }
        }
    }

    /// A word of letters (and `_`), as Partner Center's enums are spelled: `active`, `monthly`, `userValidationRequired`.
    /// Ids, dates, amounts and names have digits, spaces or punctuation and are data.
    static func isEnumLike(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 48 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0 == "_") }
    }

    /// `id`, `orderId`, `lineItems[0].offerID`: a field whose value is an id, whatever it looks like.
    static func namesAnIdentifier(_ path: String) -> Bool {
        let key = path.split(separator: ".").last.map { $0.prefix { $0 != "[" } } ?? ""
        return key == "id" || key.hasSuffix("Id") || key.hasSuffix("ID")
    }

    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .string: "string"
        case .number: "number"
        case .bool: "boolean"
        case .array: "array"
        case .object: "object"
        case .null: "null"
        }
    }
}

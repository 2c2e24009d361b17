import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The fixtures folder of `record`, `replay` and `drift`: one pretty-printed JSON file per exchange, named
/// `0001-POST-v1-customers-….json`, in the order the requests arrived.
public struct ExchangeFolder: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// A recorded exchange and the file it came from.
    public struct Entry: Sendable {
        public var name: String
        public var exchange: RecordedExchange
    }

    /// Every exchange in the folder, in file-name order. A file that is not an exchange is an error naming it: a
    /// fixture edited by hand must not be skipped in silence.
    public func entries() throws -> [Entry] {
        let names = try FileManager.default.contentsOfDirectory(atPath: path).filter(Self.isExchangeFile).sorted()
        return try names.map { name in
            let data = try Data(contentsOf: URL(fileURLWithPath: path + "/" + name))
            do {
                return Entry(name: name, exchange: try JSONDecoder().decode(RecordedExchange.self, from: data))
            } catch {
                throw ExchangeFolderError("\(path)/\(name) is not a recorded exchange: \(error)")
            }
        }
    }

    /// The number the next exchange gets: one past the highest in the folder, so a second recording adds to the first.
    public func nextNumber() throws -> Int {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let numbers = try FileManager.default.contentsOfDirectory(atPath: path).filter(Self.isExchangeFile).compactMap {
            Int($0.prefix { $0.isNumber })
        }
        return (numbers.max() ?? 0) + 1
    }

    /// Writes exchange `number` whole (a crash leaves no half file) and returns its file name.
    @discardableResult
    public func write(_ exchange: RecordedExchange, number: Int) throws -> String {
        let name = Self.fileName(number: number, method: exchange.request.method, path: exchange.request.path)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(exchange)
        data.append(0x0A)
        let temporary = path + "/." + name + ".tmp"
        try data.write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path + "/" + name) == 0 else { throw ExchangeFolderError("cannot write \(path)/\(name)") }
        return name
    }

    /// `0007-POST-v1-customers-d6bf25b7-carts-b4c8fdea-checkout`: the path without its query, a GUID by its first
    /// eight digits, cut to 80 characters.
    static func fileName(number: Int, method: String, path: String) -> String {
        let route = path.prefix { $0 != "?" }.split(separator: "/").map { IdentifierMap.isGUID(String($0)) ? $0.prefix(8) : $0 }.joined(
            separator: "/")
        var slug = ""
        for character in route {
            let keep = character.isASCII && (character.isLetter || character.isNumber)
            if keep { slug.append(character) } else if !slug.isEmpty, slug.last != "-" { slug.append("-") }
        }
        while slug.last == "-" { slug.removeLast() }
        let digits = String(number)
        let padded = String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        let verb = method.uppercased().filter { $0.isASCII && $0.isLetter }
        return "\(padded)-\(verb)\(slug.isEmpty ? "" : "-")\(slug.prefix(80)).json"
    }

    static func isExchangeFile(_ name: String) -> Bool {
        name.hasSuffix(".json") && !name.hasPrefix(".") && name.first?.isNumber == true
    }
}

/// A fixtures folder that cannot be read or written.
public struct ExchangeFolderError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

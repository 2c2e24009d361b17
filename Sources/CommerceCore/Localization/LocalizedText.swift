/// A sentence we may show a client (an error description), kept as its English template and the values
/// that fill it, so it can be written in the caller's language when the answer goes out (`X-Locale`).
///
/// Written as an ordinary interpolated literal — `"Order ID \(id) not found."` — it becomes the template
/// `Order ID {0} not found.` with the argument `id`. Only literals convert: a description can never be built
/// from a `String` at run time, so every one of them is a template the translation files must hold (a test
/// reads the sources to check).
public struct LocalizedText: Sendable, Equatable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The English text with `{0}`, `{1}`, … where the arguments go.
    public let template: String
    public let arguments: [String]

    public init(stringLiteral value: String) {
        template = value
        arguments = []
    }

    public init(stringInterpolation: Interpolation) {
        template = stringInterpolation.template
        arguments = stringInterpolation.arguments
    }

    /// The text in English.
    public var description: String { Self.fill(template, with: arguments) }

    /// Puts the arguments in place of `{0}`, `{1}`, … in `template`.
    public static func fill(_ template: String, with arguments: [String]) -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), let index = Int(rest[afterOpen..<close]), arguments.indices.contains(index) {
                result += arguments[index]
                rest = rest[rest.index(after: close)...]
            } else {
                result += "{"
                rest = rest[afterOpen...]
            }
        }
        return result + rest
    }

    public struct Interpolation: StringInterpolationProtocol, Sendable {
        var template = ""
        var arguments: [String] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            template.reserveCapacity(literalCapacity + 3 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) { template += literal }

        public mutating func appendInterpolation(_ value: some CustomStringConvertible) {
            template += "{\(arguments.count)}"
            arguments.append(value.description)
        }

        public mutating func appendInterpolation(_ value: String) {
            template += "{\(arguments.count)}"
            arguments.append(value)
        }
    }
}

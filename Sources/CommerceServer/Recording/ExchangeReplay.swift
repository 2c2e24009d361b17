import Foundation
import PartnerCenterModels
import Synchronization

/// The answers `replay` gives: each recorded exchange is served once, to the first request that matches it, in the
/// order they were recorded. A request matches by method, path (its route without regard to case, its query exactly)
/// and body (masked as the recording was, then compared as JSON when both are JSON, else as text). Headers do not
/// take part: request ids and tokens differ every run.
public final class ExchangeReplay: Sendable {
    public let entries: [ExchangeFolder.Entry]
    private let served: Mutex<[Bool]>

    public init(_ entries: [ExchangeFolder.Entry]) {
        self.entries = entries
        served = Mutex(Array(repeating: false, count: entries.count))
    }

    /// What a request was answered with, or why nothing was.
    public enum Outcome: Sendable {
        case answer(ExchangeFolder.Entry)
        case unmatched(String)
    }

    /// The first exchange not yet served that this request matches, marked served.
    public func answer(method: String, path: String, body: [UInt8], contentType: String?) -> Outcome {
        let sent = RecordedBody.split(ExchangeRedaction.body(body, contentType: contentType))
        let candidates = entries.indices.filter { Self.sameRoute(entries[$0].exchange.request, method: method, path: path) }
        let matching = candidates.filter { Self.sameBody(entries[$0].exchange.request, json: sent.json, text: sent.text) }
        let chosen = served.withLock { served -> Int? in
            guard let index = matching.first(where: { !served[$0] }) else { return nil }
            served[index] = true
            return index
        }
        if let chosen { return .answer(entries[chosen]) }
        let route = "\(method.uppercased()) \(path)"
        if candidates.isEmpty {
            return .unmatched("Replay: nothing was recorded for \(route) (\(entries.count) exchanges recorded).")
        }
        if matching.isEmpty {
            let names = candidates.prefix(5).map { entries[$0].name }.joined(separator: ", ")
            return .unmatched("Replay: \(route) was recorded, but with another body: \(names). Requests match by method, path and body.")
        }
        let names = matching.prefix(5).map { entries[$0].name }.joined(separator: ", ")
        return .unmatched("Replay: every recorded answer to \(route) with this body was already served (\(names)); each is served once, in order.")
    }

    /// How many recorded exchanges no request has asked for yet.
    public var unserved: Int { served.withLock { $0.filter { !$0 }.count } }

    static func sameRoute(_ recorded: RecordedExchange.Request, method: String, path: String) -> Bool {
        guard recorded.method.uppercased() == method.uppercased() else { return false }
        let (recordedRoute, recordedQuery) = split(recorded.path)
        let (route, query) = split(path)
        return recordedRoute.lowercased() == route.lowercased() && recordedQuery == query
    }

    static func sameBody(_ recorded: RecordedExchange.Request, json: JSONValue?, text: String?) -> Bool {
        if recorded.body != nil || json != nil { return recorded.body == json }
        return (recorded.bodyText ?? "") == (text ?? "")
    }

    private static func split(_ path: String) -> (Substring, Substring) {
        guard let mark = path.firstIndex(of: "?") else { return (path[...], "") }
        return (path[..<mark], path[path.index(after: mark)...])
    }
}

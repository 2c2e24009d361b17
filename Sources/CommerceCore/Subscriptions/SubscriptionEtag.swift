import Foundation

/// A subscription's `attributes.etag`: an opaque token that changes with every stored change.
///
/// It encodes the subscription's id and a version counter, so it is deterministic (a seeded run gives the same
/// etags) and needs no generator: the same stored state always carries the same etag, and a renewal worked out at
/// read time carries the etag the maintenance pass will store for it.
public enum SubscriptionEtag {
    /// The etag of a subscription as first created.
    public static func initial(id: String) -> String { make(id: id, version: 1) }

    /// The etag after one more change of a subscription whose etag is `current` (nil: stored before etags).
    public static func next(after current: String?, id: String) -> String {
        make(id: id, version: (current.flatMap(version) ?? 1) + 1)
    }

    /// The version a token carries; nil for a token we did not make.
    static func version(of etag: String) -> Int? {
        guard let data = Base64URL.decode(etag), let text = String(data: data, encoding: .utf8),
            let number = text.split(separator: ":").last.flatMap({ Int($0) })
        else { return nil }
        return number
    }

    private static func make(id: String, version: Int) -> String {
        Base64URL.encode(Data("\(id.lowercased()):\(version)".utf8))
    }
}

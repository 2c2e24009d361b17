import CommerceCore
import Foundation

/// Where the next page of a listing starts: the sort key of the last row handed out, as an opaque, URL-safe
/// continuation token. Listings sort by (`created_at`, `position`, `id`); `position` is 0 where a table has none.
public struct PageCursor: Sendable, Equatable {
    let createdAt: String
    let position: Int
    let id: String

    /// The token to hand to a client.
    public var token: String { Base64URL.encode(Data("\(createdAt)|\(position)|\(id)".utf8)) }

    /// Reads a token a client sent back; `nil` if it is not one of ours.
    public init?(token: String) {
        guard token.utf8.count <= 512, let data = Base64URL.decode(token), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, StoreTime.date(parts[0]) != nil, let position = Int(parts[1]), position >= 0, !parts[2].isEmpty else { return nil }
        self.init(createdAt: parts[0], position: position, id: parts[2])
    }

    init(createdAt: String, position: Int = 0, id: String) {
        self.createdAt = createdAt
        self.position = position
        self.id = id
    }
}

/// One page of a listing.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    /// How many there are in all, across every page.
    public var totalCount: Int
    /// Present when more follow.
    public var next: PageCursor?

    public init(items: [Item], totalCount: Int, next: PageCursor?) {
        self.items = items
        self.totalCount = totalCount
        self.next = next
    }

    /// The same page with no items: the envelope a response fills with stored bodies.
    public func withoutItems<Other: Sendable>(as: Other.Type) -> Page<Other> { Page<Other>(items: [], totalCount: totalCount, next: next) }
}

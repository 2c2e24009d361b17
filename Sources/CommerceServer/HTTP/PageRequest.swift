import CommerceCore
import CommerceStore
import Hummingbird
import PartnerCenterModels

/// What a listing request asks for: `size` (at most `Store.maximumPageSize`, which is also the default) and
/// where to continue, from the `MS-ContinuationToken` header the SDKs send or the `continuationToken` query
/// parameter generic HTTP tools keep in the URL (clients-and-user-needs P12).
struct PageRequest {
    var size: Int
    /// Whether the client named a size; `links.self` repeats only what the client sent.
    var sizeGiven: Bool
    var cursor: PageCursor?

    static func read(_ request: Request) throws -> PageRequest {
        var size = Store.maximumPageSize
        if let text = request.query("size") {
            guard let number = Int(text), number > 0 else {
                throw HTTPFault(.invalidProperty, "size must be a positive whole number.", data: ["size"])
            }
            size = min(number, Store.maximumPageSize)
        }
        var cursor: PageCursor?
        if let token = request.headers[.msContinuationToken] ?? request.query("continuationToken") {
            guard let parsed = PageCursor(token: token) else {
                throw HTTPFault.badRequest("The continuation token is not valid.", data: ["MS-ContinuationToken"])
            }
            cursor = parsed
        }
        return PageRequest(size: size, sizeGiven: request.query("size") != nil, cursor: cursor)
    }

    /// The collection for one page: `links.self` is `path` with `query` (already encoded) and the size if one was
    /// asked for; `links.next` adds the size and the continuation token, in the URL and as `MS-ContinuationToken`.
    func collection<Item>(_ page: Page<Item>, path: String, query: String = "") -> ResourceCollection<Item> {
        let sized = "\(path)?\(query.isEmpty ? "" : query + "&")size=\(size)"
        var links = ResourceLinks(self: Link(uri: sizeGiven ? sized : (query.isEmpty ? path : "\(path)?\(query)")))
        if let next = page.next {
            links.next = Link(
                uri: "\(sized)&seekOperation=Next&continuationToken=\(next.token)",
                headers: [LinkHeader(key: "MS-ContinuationToken", value: next.token)]
            )
        }
        return ResourceCollection(items: page.items, totalCount: page.totalCount, continuationToken: page.next?.token, links: links)
    }
}

import NIOHTTP1
import PartnerCenterModels

/// Every item of a collection, fetched a page at a time as the sequence is read: each next page is
/// `links.next.uri` sent with the headers the link lists (`MS-ContinuationToken`), as the SDKs' enumerators do,
/// or the body's `continuationToken` when a server gives only that (clients-and-user-needs §1.2, P12).
///
/// A page that points back at a page already read ends the sequence instead of looping; a link to another origin
/// is refused (it would carry the token there).
public struct ResourcePages<Item: Codable & Sendable>: AsyncSequence, Sendable {
    public typealias Element = Item
    let client: PartnerCenterClient
    let firstPath: String

    public func makeAsyncIterator() -> Iterator { Iterator(client: client, next: (firstPath, [])) }

    public struct Iterator: AsyncIteratorProtocol {
        let client: PartnerCenterClient
        var next: (path: String, headers: [(String, String)])?
        var buffer: [Item] = []
        var index = 0
        var visited: Set<String> = []

        init(client: PartnerCenterClient, next: (String, [(String, String)])) {
            self.client = client
            self.next = next
            visited.insert(Self.key(next.0, next.1))
        }

        static func key(_ path: String, _ headers: [(String, String)]) -> String {
            path + "|" + headers.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        }

        public mutating func next() async throws -> Item? {
            while index == buffer.count {
                guard let request = next else { return nil }
                // The bearer token goes wherever the link points: only this API's own origin is followed.
                guard client.isOwnOrigin(request.path) else {
                    throw PartnerCenterError(
                        kind: .unreadableResponse, requestID: "", correlationID: client.correlationID,
                        underlying: "links.next points away from \(client.baseURL): \(request.path); not followed"
                    )
                }
                let page: ResourceCollection<Item> = try await client.send(.GET, request.path, headers: request.headers)
                buffer = page.items
                index = 0
                next = Self.following(page, after: request.path)
                if let following = next, !visited.insert(Self.key(following.path, following.headers)).inserted { next = nil }
            }
            defer { index += 1 }
            return buffer[index]
        }

        /// Where the page after `page` is, if anywhere.
        static func following(_ page: ResourceCollection<Item>, after path: String) -> (path: String, headers: [(String, String)])? {
            if let link = page.links?.next, !link.uri.isEmpty {
                return (link.uri, link.headers.map { ($0.key, $0.value) })
            }
            guard let token = page.continuationToken, !token.isEmpty, !page.items.isEmpty else { return nil }
            let base = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
            return ("\(base)?seekOperation=Next", [("MS-ContinuationToken", token)])
        }
    }
}

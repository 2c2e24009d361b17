/// A client's `MS-RequestId` and what it was sent with: the key its answer is stored under, and what a retry must
/// match to be given that answer.
public struct RequestKey: Sendable, Equatable, Hashable {
    public var partnerID: String
    public var requestID: String
    public var method: String
    /// Lower-cased path with the query, as the retry must send it.
    public var path: String
    /// SHA-256 of the body, in hex.
    public var bodyHash: String

    public init(partnerID: String, requestID: String, method: String, path: String, bodyHash: String) {
        self.partnerID = partnerID
        self.requestID = requestID
        self.method = method
        self.path = path
        self.bodyHash = bodyHash
    }

    /// The name of the lock that serialises two requests with this id on any node.
    var lockName: String { "request:\(partnerID):\(requestID)" }
}

/// How a write that answers an `MS-RequestId` makes its answer from what it wrote. The store runs `render` inside
/// the write's transaction and keeps the answer there too, so the write and its answer commit together or not
/// at all: after any crash a retry either replays the answer or runs for the first time.
public struct Answering<Value: Sendable>: Sendable {
    /// The request's key; `nil` when the client sent no `MS-RequestId` (nothing is kept then).
    public var key: RequestKey?
    public var render: @Sendable (Value) throws -> StoredResponse

    public init(_ key: RequestKey?, render: @escaping @Sendable (Value) throws -> StoredResponse) {
        self.key = key
        self.render = render
    }
}

/// A response kept for replay under its `MS-RequestId` (ARCHITECTURE decision 2).
public struct StoredResponse: Sendable, Equatable {
    public var status: Int
    /// Response headers worth replaying (`Location`, `Content-Type`), as name/value pairs.
    public var headers: [[String]]
    public var body: String

    public init(status: Int, headers: [[String]], body: String) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

import CommerceStore
import Hummingbird
import Synchronization

/// The `MS-RequestId` record of the request being handled: its key, for the store write that keeps the answer in
/// its own transaction, and whether that happened (otherwise the middleware keeps the answer afterwards).
final class RequestRecording: Sendable {
    let key: RequestKey
    private let kept = Mutex(false)

    init(key: RequestKey) { self.key = key }

    /// Whether a store write has kept the answer with its own transaction.
    var isKept: Bool { kept.withLock { $0 } }

    /// Called once the store has committed a write together with its answer.
    func markKept() { kept.withLock { $0 = true } }
}

extension PartnerRequestContext {
    /// How a write answers: the rendered response, kept under the request's `MS-RequestId` (if the client sent
    /// one) in the write's own transaction.
    func answering<Value: Sendable>(_ render: @escaping @Sendable (Value) throws -> StoredResponse) -> Answering<Value> {
        Answering(recording?.key, render: render)
    }

    /// The response for what a write answered, noting that the store kept it.
    func answer(_ stored: StoredResponse) -> Response {
        recording?.markKept()
        return stored.response()
    }
}
